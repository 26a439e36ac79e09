#include "analyzer/db/named_queries.h"

#include <cstdlib>

#include "analyzer/db/connection.h"

namespace tarsier::db {

namespace {

nlohmann::json cell(const Cursor& s, int column) {
  switch (s.kind(column)) {
    case ValueKind::null:
      return nullptr;
    case ValueKind::integer:
      return s.integer(column);
    case ValueKind::real:
      return std::strtod(s.text(column).c_str(), nullptr);
    default:
      return s.text(column);
  }
}

// SQLite says "attempt to write a readonly database", PostgreSQL "cannot execute DELETE in a
// read-only transaction".
bool refused_write(const std::string& message) {
  return message.find("readonly") != std::string::npos ||
         message.find("read-only") != std::string::npos;
}

}  // namespace

const std::vector<NamedQuery>& named_queries() {
  static const std::vector<NamedQuery> all = {
      {"projects", "", "", "every project with its number of scans and its latest scan",
       "SELECT project, count(*) AS scans, max(started_at) AS last_scan FROM project_scans "
       "GROUP BY project ORDER BY project"},
      {"projects-using", "PACKAGE", "",
       "the projects whose latest scan has the package, with the version and its risk",
       "SELECT project, ecosystem, name, version, risk, scan_id FROM project_packages "
       "WHERE name = ?1 ORDER BY project, version"},
      {"project-risk", "PROJECT", "90d", "the risk of one project's scans over time",
       "SELECT started_at, scan_id, command, packages, highest_risk, critical, high, medium, "
       "failed, exit_code FROM project_scans WHERE project = ?1 AND started_at >= ?2 "
       "ORDER BY started_at"},
      {"alerts", "", "7d", "alerts raised in the time window, newest first",
       "SELECT id, raised_at, severity, type, ecosystem, name, version, message, acked_at "
       "FROM alerts WHERE raised_at >= ?1 ORDER BY raised_at DESC, id DESC"},
      {"capability-gains", "", "30d",
       "packages that gained a capability in the time window (capability_gains)",
       "SELECT gained_at, ecosystem, name, version, capability FROM capability_gains "
       "WHERE gained_at >= ?1 ORDER BY gained_at DESC, name, capability"},
  };
  return all;
}

const NamedQuery* find_named_query(std::string_view name) {
  for (const auto& q : named_queries()) {
    if (q.name == name) {
      return &q;
    }
  }
  return nullptr;
}

// The connection is read-only (query_only on SQLite, READ ONLY transactions on PostgreSQL), so
// a statement that would write fails when it runs and changes nothing.
Result<QueryTable> run_named_query(const std::string& db_path, const NamedQuery& query,
                                   const std::string& argument, const std::string& since) {
  auto connection = Connection::open(db_path, OpenMode::read_only);
  if (!connection) {
    return connection.error();
  }
  auto prepared = (*connection)->handle()->prepare(query.sql);
  if (!prepared) {
    return db_error(display_target(db_path) + ": " + prepared.error().message());
  }
  Cursor* s = prepared->get();
  int next = 1;
  if (!query.argument.empty()) {
    s->bind_text(next++, argument);
  }
  if (!query.default_since.empty()) {
    s->bind_text(next, since);
  }
  QueryTable table;
  Result<bool> row = s->step();
  for (int i = 0; row.ok() && i < s->columns(); ++i) {
    table.columns.push_back(s->column_name(i));
  }
  for (; row.ok() && *row; row = s->step()) {
    std::vector<nlohmann::json> cells;
    for (int i = 0; i < s->columns(); ++i) {
      cells.push_back(cell(*s, i));
    }
    table.rows.push_back(std::move(cells));
  }
  if (!row) {
    const std::string& detail = row.error().message();
    return db_error(refused_write(detail)
                        ? "query '" + query.name + "' would write to the database (" + detail + ")"
                        : display_target(db_path) + ": " + detail);
  }
  return table;
}

}  // namespace tarsier::db
