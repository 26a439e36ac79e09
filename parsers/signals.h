// Lockfile-only signals: what a lockfile entry alone says before anything is downloaded.
// Returned as Findings per package so the scan report treats them like any other finding.
//
//   non-registry-dependency  git / http tarball / file source (capability "source")
//   lockfile-install-script  npm hasInstallScript, pnpm requiresBuild ("install-scripts")
//   registry-host-mismatch   resolved from another host than the configured registry: the
//                            dependency-confusion smell ("source")
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/package.h"

namespace tarsier {

// `registry_url` is the registry configured for the package's ecosystem (scope), "" to skip
// the host comparison. Findings have file "" and line 0: they are about the lockfile entry,
// whose place is ref.lockfile:ref.line.
std::vector<Finding> lockfile_findings(const PackageRef& ref, const std::string& registry_url);

}  // namespace tarsier
