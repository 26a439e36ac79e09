#include <algorithm>
#include <set>

#include "analyzer/report/html_package.h"
#include "analyzer/report/html_report.h"

namespace tarsier {

namespace {

constexpr int k_cell = 16;
constexpr int k_label_width = 120;

void write_timeline(const DashboardPackage& p, std::ostream& out) {
  std::set<std::string> all;
  for (const auto& v : p.versions) {
    all.insert(v.capabilities.begin(), v.capabilities.end());
  }
  if (all.empty() || p.versions.empty()) {
    out << "<p>No capabilities in any version.</p>\n";
    return;
  }
  std::vector<std::string> caps(all.begin(), all.end());
  int width = k_label_width + k_cell * static_cast<int>(p.versions.size());
  int height = 40 + k_cell * static_cast<int>(caps.size());
  out << "<svg class=\"timeline\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\" aria-label=\"capability timeline\">";
  for (size_t c = 0; c < caps.size(); ++c) {
    int y = 40 + k_cell * static_cast<int>(c);
    out << "<text x=\"0\" y=\"" << y + 12 << "\">" << html_escape(caps[c]) << "</text>";
    for (size_t v = 0; v < p.versions.size(); ++v) {
      const auto& have = p.versions[v].capabilities;
      bool on = std::find(have.begin(), have.end(), caps[c]) != have.end();
      int x = k_label_width + k_cell * static_cast<int>(v);
      out << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << k_cell - 2 << "\" height=\""
          << k_cell - 2 << "\" fill=\"" << (on ? "#cf222e" : "#eaeef2") << "\"><title>"
          << html_escape(p.versions[v].version + ": " + caps[c] + (on ? "" : " (no)"))
          << "</title></rect>";
    }
  }
  for (size_t v = 0; v < p.versions.size(); ++v) {
    int x = k_label_width + k_cell * static_cast<int>(v) + 4;
    out << "<text x=\"" << x << "\" y=\"34\" transform=\"rotate(-60 " << x << " 34)\">"
        << html_escape(p.versions[v].version) << "</text>";
  }
  out << "</svg>\n";
}

void write_changes(const DashboardPackage& p, std::ostream& out) {
  out << "<table class=\"changes\"><thead><tr><th>version</th><th>first seen</th><th>risk</th>"
         "<th>capabilities gained</th><th>lost</th><th>threats gained</th></tr></thead><tbody>\n";
  for (const auto& v : p.versions) {
    out << "<tr><td>" << html_escape(v.version) << "</td><td>" << html_escape(v.first_seen)
        << "</td><td>" << risk_badge(v.risk) << "</td><td class=\"gained\">"
        << join_escaped(v.capabilities_gained, "+") << "</td><td class=\"lost\">"
        << join_escaped(v.capabilities_lost, "-") << "</td><td class=\"gained\">"
        << join_escaped(v.threats_gained, "+") << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

void write_findings(const DashboardVersion& v, std::ostream& out) {
  out << "<details class=\"findings\"><summary>" << html_escape(v.version) << ": "
      << v.findings.size() << " finding(s)"
      << (v.error.empty() ? "" : ", not analysed: " + html_escape(v.error)) << "</summary>\n";
  if (!v.findings.empty()) {
    out << "<table><thead><tr><th>severity</th><th>rule</th><th>location</th><th>message</th>"
           "<th>source</th></tr></thead><tbody>\n";
    for (const auto& f : v.findings) {
      std::string where = f.file.empty() ? "" : f.file + ":" + std::to_string(f.line);
      out << "<tr><td>" << risk_badge(f.severity) << "</td><td>" << html_escape(f.rule)
          << "</td><td><code class=\"location\">" << html_escape(where) << "</code></td><td>"
          << html_escape(f.message) << (f.suppressed ? " [suppressed]" : "") << "</td><td><code>"
          << html_escape(f.snippet) << "</code></td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  out << "</details>\n";
}

}  // namespace

void write_package_details(const DashboardPackage& p, std::ostream& out) {
  Risk risk = p.versions.empty() ? Risk::none : p.versions.back().risk;
  // High-risk packages start open, so the page shows their findings at once.
  out << "<section class=\"package\" id=\"" << package_anchor(p) << "\"><details"
      << (risk >= Risk::high ? " open" : "") << "><summary>"
      << html_escape(p.ecosystem + ":" + p.name) << " " << risk_badge(risk) << " ("
      << p.versions.size() << " version(s))</summary>\n";
  write_timeline(p, out);
  write_changes(p, out);
  for (const auto& v : p.versions) {
    write_findings(v, out);
  }
  out << "</details></section>\n";
}

Dashboard dashboard_from_scan(const ScanReport& report, const std::string& generated_at) {
  Dashboard d;
  d.title = "tarsier scan report";
  d.generated_at = generated_at;
  for (const auto& input : report.inputs) {
    d.source += (d.source.empty() ? "" : ", ") + input;
  }
  DashboardProject project;
  project.name = d.source;
  for (const auto& r : report.packages) {
    DashboardVersion v;
    v.version = r.ref.version;
    v.risk = r.risk;
    v.capabilities = r.capabilities;
    v.threats = r.threats;
    v.error = r.error;
    v.findings = r.findings;
    d.packages.push_back(DashboardPackage{r.ref.ecosystem, r.ref.name, {std::move(v)}});
    ++project.packages;
    ++project.by_risk[static_cast<int>(r.risk)];
    project.risk = std::max(project.risk, r.risk);
  }
  d.projects.push_back(project);
  return d;
}

}  // namespace tarsier
