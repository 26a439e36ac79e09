// The one order every report format uses, so text, JSON, SARIF and Markdown list packages and
// findings identically: packages by risk (highest first), then ecosystem, name and version;
// findings by severity (highest first), install-time first, then file, line and column.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/package.h"

namespace tarsier {

std::vector<const PackageResult*> packages_by_risk(const std::vector<PackageResult>& packages);

std::vector<const Finding*> findings_by_severity(const PackageResult& package);

// "file:line:col", leaving out what is unknown; "" when the finding is not about a file.
std::string finding_location(const Finding& finding);

}  // namespace tarsier
