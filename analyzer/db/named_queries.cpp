#include "analyzer/db/named_queries.h"

#include <sqlite3.h>

#include <memory>

#include "analyzer/db/connection.h"

namespace tarsier::db {

namespace {

nlohmann::json cell(sqlite3_stmt* s, int column) {
  switch (sqlite3_column_type(s, column)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER:
      return static_cast<int64_t>(sqlite3_column_int64(s, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(s, column);
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
      return std::string(text != nullptr ? text : "");
    }
  }
}

void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
  if (sqlite3_bind_parameter_count(s) >= index) {
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
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
       "FROM alerts WHERE raised_at >= ?2 ORDER BY raised_at DESC, id DESC"},
      {"capability-gains", "", "30d",
       "packages that gained a capability in the time window (capability_gains)",
       "SELECT gained_at, ecosystem, name, version, capability FROM capability_gains "
       "WHERE gained_at >= ?2 ORDER BY gained_at DESC, name, capability"},
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

std::optional<QueryTable> run_named_query(const std::string& db_path, const NamedQuery& query,
                                          const std::string& argument, const std::string& since,
                                          std::string* error) {
  auto connection = Connection::open(db_path, error, true);
  if (!connection) {
    return std::nullopt;
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(connection->handle(), query.sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    *error = db_path + ": " + sqlite3_errmsg(connection->handle());
    sqlite3_finalize(raw);
    return std::nullopt;
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> s(raw, sqlite3_finalize);
  if (sqlite3_stmt_readonly(s.get()) == 0) {
    *error = "query '" + query.name + "' would write to the database";
    return std::nullopt;
  }
  bind_text(s.get(), 1, argument);
  bind_text(s.get(), 2, since);
  QueryTable table;
  int columns = sqlite3_column_count(s.get());
  for (int i = 0; i < columns; ++i) {
    table.columns.emplace_back(sqlite3_column_name(s.get(), i));
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    std::vector<nlohmann::json> row;
    for (int i = 0; i < columns; ++i) {
      row.push_back(cell(s.get(), i));
    }
    table.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    *error = db_path + ": " + sqlite3_errmsg(connection->handle());
    return std::nullopt;
  }
  return table;
}

}  // namespace tarsier::db
