#include "analyzer/db/prune.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "analyzer/db/audit_log.h"
#include "analyzer/db/connection.h"
#include "analyzer/db/statement.h"

namespace tarsier::db {

namespace {

// ?1 = cutoff (NULL = none), ?2 = newest scans kept per project (NULL = no count limit). A scan
// still running (neither finished nor marked interrupted) and each project's latest finished
// scan are kept.
constexpr std::string_view k_delete_scans = R"sql(
DELETE FROM scans WHERE id IN (
  SELECT s.id FROM scans s
   WHERE (s.finished_at IS NOT NULL OR s.interrupted_at IS NOT NULL)
     AND s.id NOT IN (SELECT scan_id FROM project_latest_scans)
     AND ((CAST(?1 AS TEXT) IS NOT NULL AND s.started_at < ?1)
          OR (CAST(?2 AS INTEGER) IS NOT NULL AND
              (SELECT count(*) FROM scans n WHERE n.project = s.project AND n.id > s.id) >= ?2)))
)sql";

// Analyses no remaining scan uses, recorded before the cutoff, of packages nobody watches.
constexpr std::string_view k_delete_analyses = R"sql(
DELETE FROM analyses WHERE id IN (
  SELECT a.id FROM analyses a JOIN packages p ON p.id = a.package_id
   WHERE NOT EXISTS (SELECT 1 FROM scan_packages sp WHERE sp.analysis_id = a.id)
     AND NOT EXISTS (SELECT 1 FROM watch_targets t
                      WHERE t.ecosystem = p.ecosystem AND t.name = p.name)
     AND (CAST(?1 AS TEXT) IS NULL OR a.analyzed_at < ?1))
)sql";

// File outcomes (the file-level result cache) no remaining analysis can use: stored under an
// analyzer version (tool and rules) no kept analysis has, or, with a cutoff, stored before it
// (a scan that needs one again analyses the file again and stores it anew).
constexpr std::string_view k_delete_file_results = R"sql(
DELETE FROM file_results
 WHERE analyzer_version NOT IN (SELECT DISTINCT analyzer_version FROM analyses)
    OR (CAST(?1 AS TEXT) IS NOT NULL AND stored_at < ?1)
)sql";

// Binds ?1 and, when the statement has it, ?2 (PostgreSQL refuses extra parameters).
void bind_limits(Statement& s, const PruneOptions& o, int params) {
  o.before.empty() ? s.bind_null(1) : s.bind(1, o.before);
  if (params > 1) {
    o.keep_scans < 0 ? s.bind_null(2) : s.bind(2, int64_t{o.keep_scans});
  }
}

bool run_counted(Backend* db, std::string_view sql, const PruneOptions& o, int params, int* count,
                 std::string* error) {
  Statement s(db, sql, error);
  if (!s.valid()) {
    return false;
  }
  bind_limits(s, o, params);
  if (!s.run(error)) {
    return false;
  }
  *count = static_cast<int>(s.changes());
  return true;
}

// Acknowledged alerts raised before the cutoff; their ids go into the audit entry.
bool delete_acked_alerts(Backend* db, const std::string& before, std::vector<int64_t>* ids,
                         std::string* error) {
  if (before.empty()) {
    return true;
  }
  Statement find(db, "SELECT id FROM alerts WHERE acked_at IS NOT NULL AND raised_at < ?", error);
  if (!find.valid()) {
    return false;
  }
  find.bind(1, before);
  std::string step_error;
  while (find.step(&step_error)) {
    ids->push_back(find.integer(0));
  }
  find.reset();
  if (!step_error.empty()) {
    *error = step_error;
    return false;
  }
  Statement drop(db, "DELETE FROM alerts WHERE id = ? AND acked_at IS NOT NULL", error);
  for (int64_t id : *ids) {
    if (!drop.valid() || !drop.bind(1, id).run(error)) {
      return false;
    }
    drop.reset();
  }
  return true;
}

}  // namespace

Result<PruneStats> prune_database(const std::string& path, const PruneOptions& options) {
  auto opened = Connection::open(path);
  if (!opened) {
    return opened.error();
  }
  std::unique_ptr<Connection> connection = std::move(*opened);
  std::string error;
  if (!connection->begin(&error)) {
    return db_error(error);
  }
  Backend* db = connection->handle();
  PruneStats stats;
  std::vector<int64_t> alerts;
  bool ok = run_counted(db, k_delete_scans, options, 2, &stats.scans, &error) &&
            run_counted(db, k_delete_analyses, options, 1, &stats.analyses, &error) &&
            run_counted(db, k_delete_file_results, options, 1, &stats.file_results, &error) &&
            delete_acked_alerts(db, options.before, &alerts, &error);
  stats.alerts = static_cast<int>(alerts.size());
  nlohmann::json details = {
      {"before", options.before},   {"keep_scans", options.keep_scans},   {"scans", stats.scans},
      {"analyses", stats.analyses}, {"file_results", stats.file_results}, {"alerts", alerts}};
  ok = ok && append_audit(db, "db-pruned", options.actor, "database", details, &error);
  if (!ok || !connection->commit(&error)) {
    connection->rollback();
    return db_error(error);
  }
  return stats;
}

}  // namespace tarsier::db
