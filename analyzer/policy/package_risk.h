// The package risk level of rules/README.md ("Risk level") recomputed from a finished result's
// findings, counting only those that are not suppressed. The engine computes the same formula
// while it correlates (analyzer/engine/threats.cpp); this version works on a PackageResult, so a
// policy can take findings out after the analysis (or after a cached result was read back).
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/risk.h"

namespace tarsier {

// True for findings about the package itself (integrity, archive, analysis, source) and for
// context findings about its lockfile entry: they count at their own severity, never capped.
bool is_package_problem(const Finding& finding);

// True when `finding` is the finding of one of `threats` (rule "threat-<id>").
bool is_threat_finding(const Finding& finding, const std::vector<std::string>& threats);

struct PackageRisk {
  Risk risk = Risk::none;
  std::vector<std::string> threats;  // the threats that still have an unsuppressed finding
};

//   risk = max( unsuppressed behaviour findings, each capped at medium,
//               unsuppressed threat findings,
//               unsuppressed package problems (integrity, archive, analysis, source) )
// `threats` are the ids the analysis reported; a threat stays while one of its findings is
// unsuppressed (or when it has no finding at all, like tampered-archive).
PackageRisk package_risk(const std::vector<Finding>& findings,
                         const std::vector<std::string>& threats);

}  // namespace tarsier
