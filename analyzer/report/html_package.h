// Pieces of the HTML dashboard shared by its writers (internal to analyzer/report).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/dashboard.h"

namespace tarsier {

std::string risk_badge(Risk risk);
// Items escaped and joined with spaces, each after `prefix`.
std::string join_escaped(const std::vector<std::string>& items, const std::string& prefix = "");
// The element id of a package's detail section.
std::string package_anchor(const DashboardPackage& package);

// One package: its capability timeline (an SVG grid of versions × capabilities), the changes of
// each version against the one before, and each version's findings with file and line.
void write_package_details(const DashboardPackage& package, std::ostream& out);

}  // namespace tarsier
