// Turns the packages of the watch inputs (lockfiles, specs) into the packages to watch: one per
// ecosystem and registry name, with each locked entry and the range the project's package.json
// declares for it (npm). Packages that do not come from a registry are left out with a note.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/monitor/poller.h"

namespace tarsier {

std::vector<WatchedPackage> watched_packages(const std::vector<PackageRef>& packages,
                                             std::vector<std::string>* notes);

}  // namespace tarsier
