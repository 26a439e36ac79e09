// Applying a policy to package results: findings a suppression covers are marked suppressed with
// the suppression's reason (they stay in the result), then the package's risk and threats are
// recomputed from the findings that are left (analyzer/policy/package_risk.h).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/policy/policy.h"

namespace tarsier {

// True when `s` covers `finding` of `package`. Expired suppressions never match; a suppression
// pinned by sha256 matches only when `file_sha256` has that file with that hash; integrity
// findings are never covered.
bool suppression_matches(const Suppression& s, const PackageRef& package, const Finding& finding,
                         const std::map<std::string, std::string>& file_sha256);

// True when a suppression's `name` covers a package name: exact, or a glob where '*' matches any
// run of characters ("@cloudflare/workerd-*").
bool name_matches(std::string_view pattern, std::string_view name);

// The suppressions (not expired) that covered no finding of `results`: stale entries a project
// should remove. Call after apply_policy() ran on every result.
std::vector<const Suppression*> unused_suppressions(const Policy& policy,
                                                    const std::vector<PackageResult>& results);

// Marks the covered findings of `result`, and a threat finding whose evidence (every other
// finding in its file) is all suppressed; recomputes the verdict's risk and threats when anything
// was marked (PackageResult::analysis stays). Returns the number of suppressed findings.
// Thread-safe: `policy` is only read. Step 3 of decide_verdict() (analyzer/policy/verdict.h).
int apply_policy(const Policy& policy, PackageResult* result);

}  // namespace tarsier
