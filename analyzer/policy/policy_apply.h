// Applying a policy to package results: findings a suppression covers are marked suppressed with
// the suppression's reason (they stay in the result), then the package's risk and threats are
// recomputed from the findings that are left (analyzer/policy/package_risk.h).
#pragma once

#include <map>
#include <string>

#include "analyzer/core/package.h"
#include "analyzer/policy/policy.h"

namespace tarsier {

// True when `s` covers `finding` of `package`. Expired suppressions never match; a suppression
// pinned by sha256 matches only when `file_sha256` has that file with that hash; integrity
// findings are never covered.
bool suppression_matches(const Suppression& s, const PackageRef& package, const Finding& finding,
                         const std::map<std::string, std::string>& file_sha256);

// Marks the covered findings of `result`, and a threat finding whose evidence (every other
// finding in its file) is all suppressed; recomputes risk and threats when anything was marked.
// Returns the number of suppressed findings. Thread-safe: `policy` is only read.
int apply_policy(const Policy& policy, PackageResult* result);

}  // namespace tarsier
