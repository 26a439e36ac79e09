#include "analyzer/report/html_report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analyzer/report/html_package.h"
#include "analyzer/report/html_style.h"

namespace tarsier {

namespace {

constexpr const char* k_risk_colors[5] = {"#2da44e", "#54aeff", "#d4a72c", "#fa4549", "#a40e26"};

Risk latest_risk(const DashboardPackage& p) {
  return p.versions.empty() ? Risk::none : p.versions.back().risk;
}

// A horizontal bar split by risk level, `width` pixels for `total` items.
std::string risk_bar(const int by_risk[5], int total, int width) {
  std::string svg = "<svg width=\"" + std::to_string(width) + "\" height=\"14\" role=\"img\">";
  double x = 0;
  for (int r = 0; r < 5; ++r) {
    if (by_risk[r] == 0 || total == 0) {
      continue;
    }
    double w = static_cast<double>(width) * by_risk[r] / total;
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" + std::to_string(w) +
           "\" height=\"14\" fill=\"" + k_risk_colors[r] + "\"><title>" +
           std::string(to_string(static_cast<Risk>(r))) + ": " + std::to_string(by_risk[r]) +
           "</title></rect>";
    x += w;
  }
  return svg + "</svg>";
}

void write_figures(const Dashboard& d, std::ostream& out) {
  int versions = 0, high = 0, open_alerts = 0;
  for (const auto& p : d.packages) {
    versions += static_cast<int>(p.versions.size());
    high += latest_risk(p) >= Risk::high ? 1 : 0;
  }
  for (const auto& a : d.alerts) {
    open_alerts += a.acknowledged ? 0 : 1;
  }
  auto figure = [&](const char* key, const char* label, int value) {
    out << "<div><dt>" << label << "</dt><dd data-figure=\"" << key << "\">" << value
        << "</dd></div>";
  };
  out << "<dl class=\"figures\">";
  figure("projects", "projects", static_cast<int>(d.projects.size()));
  figure("packages", "packages", static_cast<int>(d.packages.size()));
  figure("versions", "versions analysed", versions);
  figure("high-risk-packages", "high or critical now", high);
  figure("open-alerts", "open alerts", open_alerts);
  out << "</dl>\n";
}

void write_projects(const Dashboard& d, std::ostream& out) {
  out << "<h2 id=\"projects\">Risk by project</h2>\n<table id=\"projects-table\"><thead><tr>"
         "<th>project</th><th>risk</th><th>packages</th><th>by risk</th><th>last scan</th>"
         "</tr></thead><tbody>\n";
  for (const auto& p : d.projects) {
    out << "<tr data-project=\"" << html_escape(p.name) << "\"><td>" << html_escape(p.name)
        << "</td><td>" << risk_badge(p.risk) << "</td><td data-figure=\"project-packages\">"
        << p.packages << "</td><td>" << risk_bar(p.by_risk, p.packages, 200) << "</td><td>"
        << html_escape(p.last_scan) << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

void write_packages(const Dashboard& d, std::ostream& out) {
  int by_risk[5] = {0, 0, 0, 0, 0};
  for (const auto& p : d.packages) {
    ++by_risk[static_cast<int>(latest_risk(p))];
  }
  out << "<h2 id=\"packages-heading\">Risk by package</h2>\n"
      << risk_bar(by_risk, static_cast<int>(d.packages.size()), 400)
      << "\n<p><label>Filter <input id=\"package-filter\" type=\"search\"></label></p>\n"
         "<table id=\"packages\"><thead><tr><th>package</th><th>latest</th><th>risk</th>"
         "<th>capabilities</th><th>threats</th><th>versions</th></tr></thead><tbody>\n";
  std::vector<const DashboardPackage*> sorted;
  for (const auto& p : d.packages) {
    sorted.push_back(&p);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return latest_risk(*a) > latest_risk(*b); });
  for (const auto* p : sorted) {
    const DashboardVersion* last = p->versions.empty() ? nullptr : &p->versions.back();
    out << "<tr data-package=\"" << html_escape(p->ecosystem + ":" + p->name)
        << "\"><td><a href=\"#" << package_anchor(*p) << "\">"
        << html_escape(p->ecosystem + ":" + p->name) << "</a></td><td>"
        << (last ? html_escape(last->version) : "") << "</td><td>" << risk_badge(latest_risk(*p))
        << "</td><td>" << (last ? join_escaped(last->capabilities) : "") << "</td><td>"
        << (last ? join_escaped(last->threats) : "") << "</td><td>" << p->versions.size()
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

void write_alerts(const Dashboard& d, std::ostream& out) {
  out << "<h2 id=\"alerts\">Alerts</h2>\n";
  if (d.alerts.empty()) {
    out << "<p>No alerts.</p>\n";
    return;
  }
  out << "<table id=\"alerts-table\"><thead><tr><th>id</th><th>raised</th><th>severity</th>"
         "<th>type</th><th>package</th><th>message</th><th>state</th></tr></thead><tbody>\n";
  for (const auto& a : d.alerts) {
    out << "<tr><td>" << a.id << "</td><td>" << html_escape(a.raised_at) << "</td><td>"
        << risk_badge(a.severity) << "</td><td>" << html_escape(a.type) << "</td><td>"
        << html_escape(a.package) << "</td><td>" << html_escape(a.message) << "</td><td>"
        << (a.acknowledged ? "acknowledged" : "open") << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
}

}  // namespace

std::string risk_badge(Risk risk) {
  std::string name(to_string(risk));
  return "<span class=\"risk risk-" + name + "\">" + name + "</span>";
}

std::string join_escaped(const std::vector<std::string>& items, const std::string& prefix) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : " ") + prefix + html_escape(item);
  }
  return out;
}

std::string package_anchor(const DashboardPackage& p) {
  std::string id = "pkg-" + p.ecosystem + "-" + p.name;
  for (char& c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      c = '_';
    }
  }
  return id;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_html_dashboard(const Dashboard& d, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
         "<title>"
      << html_escape(d.title) << "</title><style>" << k_dashboard_css << "</style></head><body>\n"
      << "<h1>" << html_escape(d.title) << "</h1>\n<p class=\"meta\">Generated "
      << html_escape(d.generated_at) << " from " << html_escape(d.source) << "</p>\n";
  write_figures(d, out);
  write_projects(d, out);
  write_packages(d, out);
  write_alerts(d, out);
  out << "<h2 id=\"details\">Packages in detail</h2>\n";
  for (const auto& p : d.packages) {
    write_package_details(p, out);
  }
  out << "<script>" << k_dashboard_script << "</script>\n</body></html>\n";
}

}  // namespace tarsier
