// The default, human-readable report, read in a minute: the verdict; the packages at or above
// --min-risk (medium by default) with their threats, the evidence locations, how they entered
// the tree and the command that shows the code; what could not be analysed (an unreachable host
// once, with the number of packages it cost); input errors, warnings and the totals.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "analyzer/core/finding_identity.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/report/text_util.h"

namespace tarsier {

namespace {

constexpr size_t k_top_findings = 5;

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

// "prod, transitive: vite > rollup > x (package-lock.json:120)"
std::string origin_of(const PackageRef& ref) {
  std::string scope = ref.dev ? "dev" : ref.optional ? "optional" : ref.peer ? "peer" : "prod";
  std::string out = scope;
  if (ref.via.size() == 1) {
    out += ", direct";
  } else if (ref.via.size() > 1) {
    out += ", transitive: " + one_line(join(ref.via, " > "), 200);
  }
  if (!ref.lockfile.empty()) {
    out += "  (" + one_line(ref.lockfile, 120) +
           (ref.line > 0 ? ":" + std::to_string(ref.line) : "") + ")";
  }
  return out;
}

// Threat findings first (they carry the verdict), then by severity.
std::vector<const Finding*> evidence_order(const PackageResult& package) {
  auto findings = findings_by_severity(package);
  std::stable_partition(findings.begin(), findings.end(),
                        [](const Finding* f) { return is_threat_rule(f->rule); });
  return findings;
}

void write_finding(const Finding& f, std::ostream& out) {
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

void write_package(const PackageResult& package, bool verbose, std::ostream& out) {
  std::string header = pad(upper(to_string(package.risk)), 10) + package.ref.id();
  if (package.result_cached) {
    header += "  (cached)";
  }
  out << header << "\n  " << origin_of(package.ref) << "\n";
  if (!package.threats.empty()) {
    out << "  threats:      " << join(package.threats) << "\n";
  }
  if (!package.capabilities.empty()) {
    out << "  capabilities: " << join(package.capabilities) << "\n";
  }
  auto findings = evidence_order(package);
  size_t shown = verbose ? findings.size() : std::min(findings.size(), k_top_findings);
  for (size_t i = 0; i < shown; ++i) {
    write_finding(*findings[i], out);
  }
  if (findings.size() > shown) {
    out << "  (" << count_of(findings.size() - shown, "more finding", "more findings") << ")\n";
  }
  if (!findings.empty()) {
    out << "  see the code: tarsier explain " << package.ref.ecosystem << ":" << package.ref.name
        << "@" << package.ref.version << "\n";
  }
  out << "\n";
}

// What could not be analysed: an unreachable host once, with the packages it cost; each other
// failure on its own line.
void write_not_analysed(const ScanReport& report, const std::vector<const PackageResult*>& failed,
                        std::ostream& out) {
  if (failed.empty()) {
    return;
  }
  out << "Not analysed (" << failed.size() << "):\n";
  std::map<std::string, int> by_host;
  for (const PackageResult* package : failed) {
    if (!package->unreachable_host.empty()) {
      ++by_host[package->unreachable_host];
    }
  }
  for (const auto& [host, count] : by_host) {
    std::string why;
    for (const auto& [h, error] : report.unreachable_hosts) {
      why = h == host ? " (" + one_line(error, 200) + ")" : why;
    }
    out << "  host " << host << " unreachable" << why << ": "
        << count_of(static_cast<size_t>(count), "package", "packages") << " not analysed\n";
  }
  for (const PackageResult* package : failed) {
    if (package->unreachable_host.empty()) {
      out << "  " << package->ref.id() << ": " << one_line(package->error, 300) << "\n";
    }
  }
  out << "\n";
}

void write_notes(const std::string& title, const std::vector<std::string>& lines,
                 std::ostream& out) {
  if (lines.empty()) {
    return;
  }
  out << title << " (" << lines.size() << "):\n";
  for (const auto& line : lines) {
    out << "  " << one_line(line, 300) << "\n";
  }
  out << "\n";
}

}  // namespace

void write_text_report(const ScanReport& report, std::ostream& out) {
  ReportSummary summary = summarize(report);
  out << "tarsier " << report.tool_version;
  if (!report.inputs.empty()) {
    out << ": " << join(report.inputs);
  }
  out << "\n" << verdict_line(report, summary) << "\n\n";

  Risk floor = report.verbose ? Risk::none : report.min_risk;
  std::vector<const PackageResult*> failed;
  size_t hidden = 0;
  for (const PackageResult* package : packages_by_risk(report.packages)) {
    if (!package->error.empty()) {
      failed.push_back(package);
    }
    if (not_analysed(*package)) {
      continue;
    }
    if (package->risk >= floor && (package->risk > Risk::none || report.verbose)) {
      write_package(*package, report.verbose, out);
    } else {
      ++hidden;
    }
  }
  if (hidden > 0) {
    out << count_of(hidden, "package", "packages") << " below " << to_string(report.min_risk)
        << " not listed (--min-risk LEVEL or --verbose lists them).\n\n";
  }
  write_not_analysed(report, failed, out);
  std::vector<std::string> errors;
  for (const auto& diagnostic : report.input_errors) {
    errors.push_back(diagnostic.str());
  }
  write_notes("Input errors", errors, out);
  write_notes("Warnings", report.warnings, out);
  out << "Total: " << totals_line(summary) << "\n";
}

}  // namespace tarsier
