#include "analyzer/report/scan_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/report/finding_json.h"
#include "analyzer/report/report_order.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

bool not_analysed(const PackageResult& package) {
  return !package.error.empty() && package.risk == Risk::none;
}

ReportSummary summarize(const ScanReport& report) {
  ReportSummary summary;
  for (const auto& package : report.packages) {
    ++summary.packages;
    if (package.error.empty()) {
      ++summary.analyzed;
    } else {
      ++summary.failed;
    }
    if (not_analysed(package)) {
      ++summary.not_analysed;
    } else {
      ++summary.by_risk[static_cast<int>(package.risk)];
    }
  }
  return summary;
}

std::string count_of(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string verdict_line(const ScanReport& report, const ReportSummary& summary) {
  int at_or_above = 0;
  for (int r = 0; r <= static_cast<int>(Risk::critical); ++r) {
    at_or_above += fails(static_cast<Risk>(r), report.fail_on) ? summary.by_risk[r] : 0;
  }
  std::string level(to_string(report.fail_on));
  std::string gate = " (--fail-on " + level + ")";
  if (at_or_above > 0) {
    return "FAIL: " + count_of(at_or_above, "package", "packages") + " at or above " + level + gate;
  }
  if (summary.packages == 0) {
    return "INCOMPLETE: no package was examined" + gate;
  }
  if (!summary.complete()) {
    return "INCOMPLETE: " + std::to_string(summary.failed) + " of " +
           count_of(summary.packages, "package", "packages") +
           " not analysed; nothing at or above " + level + " among the " +
           std::to_string(summary.analyzed) + " analysed" + gate;
  }
  return "PASS: nothing at or above " + level + gate;
}

std::string totals_line(const ReportSummary& summary) {
  std::string out = count_of(summary.packages, "package", "packages") + ": " +
                    std::to_string(summary.analyzed) + " analysed, " +
                    std::to_string(summary.failed) + " not analysed";
  if (!summary.complete()) {
    out += " (incomplete)";
  }
  for (Risk risk : {Risk::critical, Risk::high, Risk::medium, Risk::low, Risk::none}) {
    out += " | " + std::string(to_string(risk)) + " " +
           std::to_string(summary.by_risk[static_cast<int>(risk)]);
  }
  if (summary.not_analysed > 0) {
    out += " | not analysed " + std::to_string(summary.not_analysed);
  }
  return out;
}

namespace {

using ordered_json = nlohmann::ordered_json;

std::string scope_of(const PackageRef& ref) {
  return ref.dev ? "dev" : ref.optional ? "optional" : ref.peer ? "peer" : "prod";
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
      {"cached", package.result_cached},
      {"lockfile", package.ref.lockfile},
      {"line", package.ref.line},
      {"scope", scope_of(package.ref)},
      {"direct", package.ref.via.size() == 1},
      {"dependency_paths",
       package.ref.via.empty() ? ordered_json::array() : ordered_json::array({package.ref.via})}};
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
  ordered_json hosts = ordered_json::array();
  for (const auto& [host, error] : report.unreachable_hosts) {
    int cost = 0;
    for (const auto& package : report.packages) {
      cost += package.unreachable_host == host;
    }
    hosts.push_back({{"host", host}, {"error", error}, {"packages", cost}});
  }
  ordered_json document{{"schema_version", 1},
                        {"tool",
                         {{"name", "tarsier"},
                          {"version", report.tool_version},
                          {"ruleset_version", report.ruleset_version}}},
                        {"inputs", report.inputs},
                        {"fail_on", to_string(report.fail_on)},
                        {"exit_code", report.exit_code},
                        {"started_at", report.started_at},
                        {"finished_at", report.finished_at},
                        {"summary",
                         {{"packages", summary.packages},
                          {"analyzed", summary.analyzed},
                          {"failed", summary.failed},
                          {"not_analysed", summary.not_analysed},
                          {"complete", summary.complete() && summary.packages > 0},
                          {"verdict", verdict_line(report, summary)},
                          {"by_risk", std::move(by_risk)},
                          {"unreachable_hosts", std::move(hosts)}}},
                        {"packages", std::move(packages)},
                        {"errors", std::move(errors)},
                        {"warnings", report.warnings}};
  if (report.stats) {
    document["stats"] = {
        {"file_cache",
         {{"hits", report.stats->file_cache_hits}, {"misses", report.stats->file_cache_misses}}}};
  }
  // Invalid UTF-8 in a package's file names or snippets must not abort the report.
  out << ordered_json_text(document, 2) << "\n";
}

}  // namespace tarsier
