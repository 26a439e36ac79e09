// The verdict on one package, decided in one place. The analysis (PackageResult::analysis: the
// engine's risk and threats, or the result cache's) is never changed; the verdict (risk,
// threats, the context findings and the suppression marks) is derived from it here, once per
// package, before anything records or reports the result. Every writer, diff, the history and the
// risk database read the verdict.
#pragma once

#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/package.h"
#include "analyzer/policy/policy.h"

namespace tarsier {

// 1. starts from the analysis: risk and threats as the archive's analysis concluded;
// 2. context findings (lockfile-only signals, known-malware records) join: marked
//    Finding::context, the risk raised to their severity, their capabilities added; a lockfile
//    install-script hint is left out when the archive's analysis already reports the script;
// 3. the policy's suppressions (none when `policy` is null) mark the findings they cover, and
//    risk and threats are recomputed from the findings left (package_risk.h).
// Returns the number of suppressed findings. Calling it again gives the same verdict as long as
// no new context findings are passed. Thread-safe: `policy` is only read.
int decide_verdict(PackageResult* result, std::vector<Finding> context, const Policy* policy);

}  // namespace tarsier
