#include "analyzer/db/dashboard_load.h"

#include <filesystem>
#include <map>

#include "analyzer/db/connection.h"
#include "analyzer/db/history.h"
#include "analyzer/db/statement.h"
#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

using db::Statement;

namespace {

Finding read_finding(const Statement& s) {
  Finding f;
  f.rule = s.text(0);
  f.capability = s.text(1);
  f.severity = parse_risk(s.text(2)).value_or(Risk::low);
  f.message = s.text(3);
  f.file = s.text(4);
  f.line = static_cast<int>(s.integer(5));
  f.column = static_cast<int>(s.integer(6));
  f.snippet = s.text(7);
  f.install_time = s.integer(8) != 0;
  f.suppressed = s.integer(9) != 0;
  return f;
}

Result<std::vector<Finding>> latest_findings(db::Backend* handle, const std::string& ecosystem,
                                             const std::string& name, const std::string& version) {
  auto s = Statement::prepare(
      handle,
      "SELECT rule, capability, severity, message, file, line, column, snippet, install_time, "
      "suppressed FROM scan_findings WHERE scan_package_id = (SELECT max(sp.id) FROM "
      "scan_packages sp JOIN packages p ON p.id = sp.package_id WHERE p.ecosystem = ? AND "
      "p.name = ? AND p.version = ?) ORDER BY file, line");
  if (!s) {
    return s.error();
  }
  std::vector<Finding> out;
  auto read = s->bind(1, ecosystem).bind(2, name).bind(3, version).each([&](const Statement& row) {
    out.push_back(read_finding(row));
  });
  if (!read) {
    return read.error();
  }
  return out;
}

DashboardVersion from_history(const HistoryVersion& h) {
  DashboardVersion v;
  v.version = h.version;
  v.first_seen = h.first_seen;
  v.risk = h.risk;
  v.capabilities = h.capabilities;
  v.threats = h.threats;
  v.capabilities_gained = h.capabilities_gained;
  v.capabilities_lost = h.capabilities_lost;
  v.threats_gained = h.threats_gained;
  v.error = h.analyzed ? "" : h.error;
  return v;
}

Result<void> load_packages(const db::Connection& c, Dashboard* d) {
  auto s = Statement::prepare(c.handle(),
                              "SELECT DISTINCT ecosystem, name FROM packages ORDER BY ecosystem, "
                              "name");
  if (!s) {
    return s.error();
  }
  std::vector<std::pair<std::string, std::string>> names;
  auto read = s->each([&](const Statement& row) { names.emplace_back(row.text(0), row.text(1)); });
  if (!read) {
    return read;
  }
  for (const auto& [ecosystem, name] : names) {
    auto history = load_history(c.path(), ecosystem, name);
    if (!history) {
      return db::db_error(history.error().str());
    }
    order_history(&*history, [&ecosystem = ecosystem](std::string_view a, std::string_view b) {
      return compare_package_versions(ecosystem, a, b);
    });
    DashboardPackage p{ecosystem, name, {}};
    for (const auto& h : history->versions) {
      p.versions.push_back(from_history(h));
      auto findings = latest_findings(c.handle(), ecosystem, name, h.version);
      if (!findings) {
        return findings.error();
      }
      p.versions.back().findings = std::move(*findings);
    }
    d->packages.push_back(std::move(p));
  }
  return {};
}

// A project is a lockfile's directory; its packages are those of its latest scan.
Result<void> load_projects(const db::Connection& c, Dashboard* d) {
  auto s = Statement::prepare(
      c.handle(),
      "SELECT sp.lockfile, s.started_at, sp.risk FROM scan_packages sp "
      "JOIN scans s ON s.id = sp.scan_id WHERE sp.lockfile <> '' AND sp.scan_id = "
      "(SELECT max(scan_id) FROM scan_packages WHERE lockfile = sp.lockfile) "
      "ORDER BY sp.lockfile");
  if (!s) {
    return s.error();
  }
  std::map<std::string, DashboardProject> projects;
  auto read = s->each([&](const Statement& row) {
    std::filesystem::path lockfile(row.text(0));
    std::string name = lockfile.parent_path().filename().string();
    DashboardProject& p = projects[name.empty() ? lockfile.string() : name];
    p.name = name.empty() ? lockfile.string() : name;
    p.last_scan = std::max(p.last_scan, row.text(1));
    Risk risk = parse_risk(row.text(2)).value_or(Risk::none);
    p.risk = std::max(p.risk, risk);
    ++p.packages;
    ++p.by_risk[static_cast<int>(risk)];
  });
  if (!read) {
    return read;
  }
  for (auto& [name, p] : projects) {
    d->projects.push_back(std::move(p));
  }
  return {};
}

Result<void> load_alerts(const db::Connection& c, Dashboard* d) {
  auto s = Statement::prepare(
      c.handle(),
      "SELECT id, raised_at, type, severity, ecosystem || ':' || name || '@' || version, "
      "message, acked_at IS NOT NULL FROM alerts ORDER BY id DESC");
  if (!s) {
    return s.error();
  }
  return s->each([&](const Statement& row) {
    d->alerts.push_back({row.integer(0), row.text(1), row.text(2),
                         parse_risk(row.text(3)).value_or(Risk::medium), row.text(4), row.text(5),
                         row.integer(6) != 0});
  });
}

}  // namespace

Result<Dashboard> load_dashboard(const std::string& db_path) {
  auto connection = db::Connection::open(db_path);
  if (!connection) {
    return connection.error();
  }
  Dashboard d;
  d.source = db_path;
  const db::Connection& c = **connection;
  for (auto load : {load_packages, load_projects, load_alerts}) {
    auto loaded = load(c, &d);
    if (!loaded) {
      return loaded.error();
    }
  }
  return d;
}

}  // namespace tarsier
