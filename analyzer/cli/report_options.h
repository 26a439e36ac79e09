// Options about what a report shows and which packages a run covers, shared by scan and diff:
// --min-risk, --verbose and --omit dev|optional|peer; and the UTC timestamps reports carry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/core/risk.h"
#include "analyzer/policy/policy.h"

namespace tarsier::cli {

std::vector<OptionSpec> report_option_specs();

struct ReportChoices {
  Risk min_risk = Risk::medium;
  bool verbose = false;
  bool omit_dev = false, omit_optional = false, omit_peer = false;
};

// Reads the options; an error for an unknown level or --omit value.
Result<ReportChoices> report_choices(const ParsedArgs& args);

// Drops the packages --omit leaves out (npm's meaning: dev-only, optional-only, peer packages);
// returns how many were dropped.
size_t omit_packages(const ReportChoices& choices, std::vector<PackageRef>* packages);

// "policy.yml:4:5: suppression of npm:name (rule) matched nothing in this run", one per
// suppression of `policy` (may be null) that covered no finding of `results`.
std::vector<std::string> unused_suppression_warnings(const Policy* policy,
                                                     const std::vector<PackageResult>& results);

// A duration people read: "0.8 s", "12 s", "2 min 5 s".
std::string format_duration(double seconds);

// The current time as ISO 8601 UTC with milliseconds, e.g. "2026-01-31T12:00:00.123Z".
std::string utc_timestamp();

}  // namespace tarsier::cli
