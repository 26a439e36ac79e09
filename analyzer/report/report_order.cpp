#include "analyzer/report/report_order.h"

#include <algorithm>
#include <tuple>

namespace tarsier {

std::vector<const PackageResult*> packages_by_risk(const std::vector<PackageResult>& packages) {
  std::vector<const PackageResult*> out;
  out.reserve(packages.size());
  for (const auto& package : packages) {
    out.push_back(&package);
  }
  std::stable_sort(out.begin(), out.end(), [](const PackageResult* a, const PackageResult* b) {
    return std::tuple(-static_cast<int>(a->risk), a->ref.ecosystem, a->ref.name, a->ref.version) <
           std::tuple(-static_cast<int>(b->risk), b->ref.ecosystem, b->ref.name, b->ref.version);
  });
  return out;
}

std::vector<const Finding*> findings_by_severity(const PackageResult& package) {
  std::vector<const Finding*> out;
  out.reserve(package.findings.size());
  for (const auto& finding : package.findings) {
    out.push_back(&finding);
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) {
    return std::tuple(-static_cast<int>(a->severity), !a->install_time, a->file, a->line,
                      a->column) < std::tuple(-static_cast<int>(b->severity), !b->install_time,
                                              b->file, b->line, b->column);
  });
  return out;
}

std::string finding_location(const Finding& finding) {
  if (finding.file.empty()) {
    return {};
  }
  std::string out = finding.file;
  if (finding.line > 0) {
    out += ":" + std::to_string(finding.line);
    if (finding.column > 0) {
      out += ":" + std::to_string(finding.column);
    }
  }
  return out;
}

}  // namespace tarsier
