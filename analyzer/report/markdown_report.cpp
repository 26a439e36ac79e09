// The scan report as Markdown, for a job summary or an issue: the verdict; a table of the
// packages at or above --min-risk with their threats; each one's top findings with their place;
// what could not be analysed; input errors, warnings and the totals. Package text is escaped
// (markdown_text.h).
#include <algorithm>

#include "analyzer/core/finding_identity.h"
#include "analyzer/report/markdown_text.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/scan_report.h"

namespace tarsier {

namespace {

constexpr size_t k_top_findings = 5;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + markdown_escape(item, 80);
  }
  return out.empty() ? "-" : out;
}

// The packages the report lists: at or above min_risk (every analysed one with verbose).
std::vector<const PackageResult*> listed(const ScanReport& report) {
  Risk floor = report.verbose ? Risk::none : report.min_risk;
  std::vector<const PackageResult*> out;
  for (const PackageResult* p : packages_by_risk(report.packages)) {
    if (!not_analysed(*p) && p->risk >= floor && (p->risk > Risk::none || report.verbose)) {
      out.push_back(p);
    }
  }
  return out;
}

void write_findings(const PackageResult& p, bool verbose, std::ostream& out) {
  auto findings = findings_by_severity(p);
  size_t shown = verbose ? findings.size() : std::min(findings.size(), k_top_findings);
  out << "\n#### " << markdown_code(p.ref.id()) << "\n\n";
  for (size_t i = 0; i < shown; ++i) {
    const Finding& f = *findings[i];
    out << "- **" << to_string(f.severity) << "** " << markdown_code(f.rule, 80);
    if (std::string where = finding_location(f); !where.empty()) {
      out << " " << markdown_code(where, 120);
    }
    if (f.install_time) {
      out << " (install-time)";
    }
    if (f.suppressed) {
      out << " (suppressed: " << markdown_escape(f.suppression_reason, 100) << ")";
    }
    out << ": " << markdown_escape(f.message, 200) << "\n";
  }
  if (findings.size() > shown) {
    out << "- " << count_of(findings.size() - shown, "more finding", "more findings") << "\n";
  }
}

void write_list(const std::string& title, const std::vector<std::string>& lines,
                std::ostream& out) {
  if (lines.empty()) {
    return;
  }
  out << "\n### " << title << " (" << lines.size() << ")\n\n";
  for (const auto& line : lines) {
    out << "- " << markdown_escape(line, 300) << "\n";
  }
}

}  // namespace

void write_markdown_report(const ScanReport& report, std::ostream& out) {
  ReportSummary summary = summarize(report);
  out << "## tarsier " << markdown_escape(report.tool_version, 40) << "\n\n**"
      << markdown_escape(verdict_line(report, summary), 300) << "**\n";
  std::vector<const PackageResult*> packages = listed(report);
  if (!packages.empty()) {
    out << "\n| risk | package | threats | capabilities |\n|---|---|---|---|\n";
    for (const PackageResult* p : packages) {
      out << "| " << to_string(p->risk) << " | " << markdown_code(p->ref.id()) << " | "
          << joined(p->threats) << " | " << joined(p->capabilities) << " |\n";
    }
    for (const PackageResult* p : packages) {
      write_findings(*p, report.verbose, out);
    }
  }
  std::vector<std::string> failed, errors;
  for (const PackageResult* p : packages_by_risk(report.packages)) {
    if (!p->error.empty()) {
      failed.push_back(p->ref.id() + ": " + p->error);
    }
  }
  for (const auto& diagnostic : report.input_errors) {
    errors.push_back(diagnostic.str());
  }
  write_list("Not analysed", failed, out);
  write_list("Input errors", errors, out);
  write_list("Warnings", report.warnings, out);
  out << "\nTotal: " << markdown_escape(totals_line(summary), 300) << "\n";
}

}  // namespace tarsier
