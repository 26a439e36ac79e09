// The default, human-readable report: packages at risk first, each with its capabilities,
// threats and top findings; then the quiet packages in one paragraph, failures, input errors and
// totals.
#include <algorithm>
#include <cctype>
#include <string>

#include "analyzer/report/report_order.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/report/text_util.h"

namespace tarsier {

namespace {

constexpr size_t k_top_findings = 5;
constexpr size_t k_width = 100;

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

void write_package(const PackageResult& package, std::ostream& out) {
  std::string header = pad(upper(to_string(package.risk)), 10) + package.ref.id();
  if (package.result_cached) {
    header += "  (cached)";
  }
  if (!package.error.empty()) {
    header += "  (failed)";
  }
  out << header << "\n";
  if (!package.capabilities.empty()) {
    out << "  capabilities: " << join(package.capabilities) << "\n";
  }
  if (!package.threats.empty()) {
    out << "  threats:      " << join(package.threats) << "\n";
  }
  auto findings = findings_by_severity(package);
  size_t shown = std::min(findings.size(), k_top_findings);
  for (size_t i = 0; i < shown; ++i) {
    const Finding& f = *findings[i];
    std::string line = "  - " + pad(std::string(to_string(f.severity)), 9) + f.rule;
    if (std::string where = finding_location(f); !where.empty()) {
      line += "  " + one_line(where, 120);
    }
    if (f.install_time) {
      line += "  [install-time]";
    }
    if (f.suppressed) {
      line += "  [suppressed: " + one_line(f.suppression_reason, 100) + "]";
    }
    out << line << "\n      " << one_line(f.message, 200) << "\n";
    if (!f.snippet.empty()) {
      out << "      > " << one_line(f.snippet, 160) << "\n";
    }
  }
  if (findings.size() > shown) {
    out << "  (" << findings.size() - shown << " more findings; --format json lists all)\n";
  }
  out << "\n";
}

// The packages with nothing to report, as one wrapped paragraph.
void write_quiet(const std::vector<const PackageResult*>& quiet, std::ostream& out) {
  if (quiet.empty()) {
    return;
  }
  out << quiet.size() << (quiet.size() == 1 ? " package" : " packages") << " at risk none:\n";
  std::string line = " ";
  for (size_t i = 0; i < quiet.size(); ++i) {
    std::string item = " " + quiet[i]->ref.name + "@" + quiet[i]->ref.version;
    if (i + 1 < quiet.size()) {
      item += ",";
    }
    if (line.size() + item.size() > k_width && line.size() > 1) {
      out << line << "\n";
      line = " ";
    }
    line += item;
  }
  out << line << "\n\n";
}

}  // namespace

void write_text_report(const ScanReport& report, std::ostream& out) {
  ReportSummary summary = summarize(report);
  out << "tarsier " << report.tool_version;
  if (!report.inputs.empty()) {
    out << ": " << join(report.inputs);
  }
  out << "\n"
      << summary.packages << " packages, " << summary.analyzed << " analysed, " << summary.failed
      << " failed";
  for (Risk risk : {Risk::critical, Risk::high, Risk::medium, Risk::low, Risk::none}) {
    out << " | " << to_string(risk) << " " << summary.by_risk[static_cast<int>(risk)];
  }
  out << "\n\n";

  std::vector<const PackageResult*> quiet, failed;
  int at_or_above = 0;
  for (const PackageResult* package : packages_by_risk(report.packages)) {
    if (package->risk >= report.fail_on) {
      ++at_or_above;
    }
    if (!package->error.empty()) {
      failed.push_back(package);
    }
    if (package->risk > Risk::none) {
      write_package(*package, out);
    } else if (package->error.empty()) {
      quiet.push_back(package);
    }
  }
  write_quiet(quiet, out);

  if (!failed.empty()) {
    out << "Failed (" << failed.size() << "): could not be fetched or analysed\n";
    for (const PackageResult* package : failed) {
      out << "  " << package->ref.id() << ": " << one_line(package->error, 300) << "\n";
    }
    out << "\n";
  }
  if (!report.input_errors.empty()) {
    out << "Input errors (" << report.input_errors.size() << "):\n";
    for (const auto& diagnostic : report.input_errors) {
      out << "  " << one_line(diagnostic.str(), 300) << "\n";
    }
    out << "\n";
  }
  if (!report.warnings.empty()) {
    out << "Warnings (" << report.warnings.size() << "):\n";
    for (const auto& warning : report.warnings) {
      out << "  " << one_line(warning, 300) << "\n";
    }
    out << "\n";
  }
  out << "Total: " << summary.packages << " packages, " << summary.analyzed << " analysed, "
      << summary.failed << " failed; " << at_or_above << " at or above "
      << to_string(report.fail_on) << " (--fail-on " << to_string(report.fail_on) << ")\n";
}

}  // namespace tarsier
