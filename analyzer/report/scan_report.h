// The result of one scan as reports see it, and the writers for each format.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/exit_code.h"
#include "analyzer/core/package.h"

namespace tarsier {

// How the run went, beyond its results: the JSON report's `stats`.
struct ScanStats {
  // File-level result cache lookups answered by the risk database, and those that missed (the
  // file was analysed). Files answered by an identical file earlier in the same worker are
  // neither.
  uint64_t file_cache_hits = 0;
  uint64_t file_cache_misses = 0;
};

struct ScanReport {
  std::string tool_version;
  std::vector<std::string> inputs;
  std::vector<PackageResult> packages;
  std::vector<Diagnostic> input_errors;  // lockfile entries that could not be read
  // Usable input and configuration worth a note: unpinned requirements, .npmrc problems, a
  // lockfile resolved against another registry ("path:line:col: message" where a place is known).
  std::vector<std::string> warnings;
  Risk fail_on = k_default_fail_on;
  // The text report lists packages at or above min_risk (every package with verbose).
  Risk min_risk = Risk::medium;
  bool verbose = false;
  // Where the report came from, for the JSON report.
  std::string ruleset_version;
  std::string started_at, finished_at;  // ISO 8601 UTC
  int exit_code = 0;
  // Hosts that could not be reached ("host:port", the error), each reported once.
  std::vector<std::pair<std::string, std::string>> unreachable_hosts;
  std::optional<ScanStats> stats;  // written by `tarsier scan`; none in reports made otherwise
};

// Counts used by every format. A package that could not be fetched or analysed is "not
// analysed", never a risk level, unless findings about it (an integrity mismatch) rank it:
// by_risk plus not_analysed add up to packages.
struct ReportSummary {
  int packages = 0;
  int analyzed = 0;
  int failed = 0;        // packages with an error
  int not_analysed = 0;  // failed packages without any risk of their own
  int by_risk[5] = {0, 0, 0, 0, 0};
  bool complete() const { return failed == 0; }
};
ReportSummary summarize(const ScanReport& report);

// True for a package counted as "not analysed" (see ReportSummary).
bool not_analysed(const PackageResult& package);

// "1 package", "2 packages".
std::string count_of(size_t n, const std::string& one, const std::string& many);

// The verdict line every format starts with: FAIL, INCOMPLETE or PASS and why.
std::string verdict_line(const ScanReport& report, const ReportSummary& summary);

// The one-line totals: packages, analysed, not analysed and the count per risk level.
std::string totals_line(const ReportSummary& summary);

// Human-readable summary: the verdict, the packages at or above min_risk with their threats,
// evidence and dependency path, what could not be analysed, then the totals.
void write_text_report(const ScanReport& report, std::ostream& out);
// Markdown for a job summary or an issue: the verdict, a table of the packages at or above
// min_risk, their top findings, what was not analysed, input errors, warnings and the totals.
void write_markdown_report(const ScanReport& report, std::ostream& out);
// JSON document matching analyzer/report/scan-report.schema.json.
void write_json_report(const ScanReport& report, std::ostream& out);

}  // namespace tarsier
