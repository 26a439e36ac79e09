// Lockfile-only signals (parsers/signals.h) for every package of a scan, judged against the
// registry each package's ecosystem and scope is configured to use, and how they join a result.
//
// The registry-host check compares a package's `resolved` host with its configured registry,
// but a lockfile resolved as a whole against another registry (a mirror, or a colleague's
// configuration) is a setup difference, not dependency confusion. So per lockfile the most
// common registry host is taken as that lockfile's registry: a package is flagged when its host
// is neither its configured registry's nor the lockfile's usual one, and a lockfile whose usual
// host is not the configured registry gives one warning instead of a finding per package.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/registry/ecosystem.h"

namespace tarsier {

struct LockfileContext {
  std::vector<std::vector<Finding>> findings;  // per package, in the order given
  std::vector<std::string> warnings;
};

LockfileContext lockfile_context(
    const std::vector<PackageRef>& packages,
    const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients);

// The findings join each result through decide_verdict() (analyzer/policy/verdict.h).

}  // namespace tarsier
