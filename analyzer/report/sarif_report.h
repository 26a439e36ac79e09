// SARIF 2.1.0 output for code scanning (GitHub and others). Every result is anchored to the
// lockfile line that declares the package (GitHub rejects results without a location), with the
// file and line inside the package as a related location, and rule metadata with help text.
// analyzer/report/sarif-2.1.0-subset.schema.json describes exactly what is emitted.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/report/scan_report.h"

namespace tarsier {

// One package and the findings of it to report.
struct SarifEntry {
  const PackageResult* package = nullptr;
  std::vector<const Finding*> findings;
};

struct SarifOptions {
  std::string tool_version;
  Risk min_level = Risk::low;  // findings below this severity are left out
  // Anchor for packages without a lockfile line (specs, archives): this file, line 1.
  std::string fallback_uri = "package-lock.json";
};

void write_sarif(const std::vector<SarifEntry>& entries, const SarifOptions& options,
                 std::ostream& out);

// Every finding of a scan at or above `min_level`.
void write_sarif_report(const ScanReport& report, Risk min_level, std::ostream& out);

// SARIF "level" for a severity: error (high, critical), warning (medium), note (low), none.
std::string_view sarif_level(Risk severity);

}  // namespace tarsier
