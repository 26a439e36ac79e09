// The result of one scan as reports see it, and the writers for each format.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/package.h"

namespace tarsier {

struct ScanReport {
  std::string tool_version;
  std::vector<std::string> inputs;
  std::vector<PackageResult> packages;
  std::vector<Diagnostic> input_errors;  // lockfile entries that could not be read
  // Usable input and configuration worth a note: unpinned requirements, .npmrc problems, a
  // lockfile resolved against another registry ("path:line:col: message" where a place is known).
  std::vector<std::string> warnings;
  Risk fail_on = Risk::high;
};

// Counts used by every format.
struct ReportSummary {
  int packages = 0;
  int analyzed = 0;
  int failed = 0;
  int by_risk[5] = {0, 0, 0, 0, 0};
};
ReportSummary summarize(const ScanReport& report);

// Human-readable summary sorted by risk (highest first).
void write_text_report(const ScanReport& report, std::ostream& out);
// JSON document matching analyzer/report/scan-report.schema.json.
void write_json_report(const ScanReport& report, std::ostream& out);

}  // namespace tarsier
