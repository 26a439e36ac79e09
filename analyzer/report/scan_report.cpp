#include "analyzer/report/scan_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/report/report_order.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

ReportSummary summarize(const ScanReport& report) {
  ReportSummary summary;
  for (const auto& package : report.packages) {
    ++summary.packages;
    if (package.error.empty()) {
      ++summary.analyzed;
    } else {
      ++summary.failed;
    }
    ++summary.by_risk[static_cast<int>(package.risk)];
  }
  return summary;
}

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json finding_json(const Finding& finding) {
  return ordered_json{{"rule", finding.rule},
                      {"capability", finding.capability},
                      {"severity", to_string(finding.severity)},
                      {"message", finding.message},
                      {"file", finding.file},
                      {"line", finding.line},
                      {"column", finding.column},
                      {"snippet", finding.snippet},
                      {"install_time", finding.install_time},
                      {"suppressed", finding.suppressed},
                      {"suppression_reason", finding.suppression_reason}};
}

ordered_json package_json(const PackageResult& package) {
  ordered_json findings = ordered_json::array();
  for (const Finding* finding : findings_by_severity(package)) {
    findings.push_back(finding_json(*finding));
  }
  return ordered_json{
      {"ecosystem", package.ref.ecosystem},
      {"name", package.ref.name},
      {"version", package.ref.version},
      {"integrity", package.integrity.empty() ? package.ref.integrity : package.integrity},
      {"risk", to_string(package.risk)},
      {"capabilities", package.capabilities},
      {"threats", package.threats},
      {"findings", std::move(findings)},
      {"error", package.error.empty() ? ordered_json(nullptr) : ordered_json(package.error)},
      {"cached", package.result_cached}};
}

}  // namespace

void write_json_report(const ScanReport& report, std::ostream& out) {
  ReportSummary summary = summarize(report);
  ordered_json by_risk;
  for (Risk risk : {Risk::none, Risk::low, Risk::medium, Risk::high, Risk::critical}) {
    by_risk[std::string(to_string(risk))] = summary.by_risk[static_cast<int>(risk)];
  }
  ordered_json packages = ordered_json::array();
  for (const PackageResult* package : packages_by_risk(report.packages)) {
    packages.push_back(package_json(*package));
  }
  ordered_json errors = ordered_json::array();
  for (const auto& diagnostic : report.input_errors) {
    errors.push_back(ordered_json{{"path", diagnostic.path},
                                  {"line", diagnostic.line},
                                  {"column", diagnostic.column},
                                  {"message", diagnostic.message},
                                  {"text", diagnostic.str()}});
  }
  ordered_json document{{"schema_version", 1},
                        {"tool", {{"name", "tarsier"}, {"version", report.tool_version}}},
                        {"summary",
                         {{"packages", summary.packages},
                          {"analyzed", summary.analyzed},
                          {"failed", summary.failed},
                          {"by_risk", std::move(by_risk)}}},
                        {"packages", std::move(packages)},
                        {"errors", std::move(errors)},
                        {"warnings", report.warnings}};
  // Invalid UTF-8 in a package's file names or snippets must not abort the report.
  out << json_text(document, 2) << "\n";
}

}  // namespace tarsier
