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

Result<int> run_counted(Backend* db, std::string_view sql, const PruneOptions& o, int params) {
  auto s = Statement::prepare(db, sql);
  if (!s) {
    return s.error();
  }
  bind_limits(*s, o, params);
  auto ran = s->run();
  if (!ran) {
    return ran.error();
  }
  return static_cast<int>(s->changes());
}

// Acknowledged alerts raised before the cutoff; their ids go into the audit entry.
Result<void> delete_acked_alerts(Backend* db, const std::string& before,
                                 std::vector<int64_t>* ids) {
  if (before.empty()) {
    return {};
  }
  auto find =
      Statement::prepare(db, "SELECT id FROM alerts WHERE acked_at IS NOT NULL AND raised_at < ?");
  if (!find) {
    return find.error();
  }
  auto found =
      find->bind(1, before).each([&](const Statement& row) { ids->push_back(row.integer(0)); });
  find->reset();
  if (!found) {
    return found;
  }
  auto drop = Statement::prepare(db, "DELETE FROM alerts WHERE id = ? AND acked_at IS NOT NULL");
  if (!drop) {
    return drop.error();
  }
  for (int64_t id : *ids) {
    auto ran = drop->bind(1, id).run();
    if (!ran) {
      return ran;
    }
    drop->reset();
  }
  return {};
}

// Deletes what `options` allows and records it in the audit log.
Result<void> prune_all(Backend* db, const PruneOptions& options, PruneStats* stats) {
  struct Step {
    std::string_view sql;
    int params;
    int* count;
  };
  for (const Step& step :
       {Step{k_delete_scans, 2, &stats->scans}, Step{k_delete_analyses, 1, &stats->analyses},
        Step{k_delete_file_results, 1, &stats->file_results}}) {
    auto count = run_counted(db, step.sql, options, step.params);
    if (!count) {
      return count.error();
    }
    *step.count = *count;
  }
  std::vector<int64_t> alerts;
  auto deleted = delete_acked_alerts(db, options.before, &alerts);
  if (!deleted) {
    return deleted;
  }
  stats->alerts = static_cast<int>(alerts.size());
  nlohmann::json details = {
      {"before", options.before},    {"keep_scans", options.keep_scans},    {"scans", stats->scans},
      {"analyses", stats->analyses}, {"file_results", stats->file_results}, {"alerts", alerts}};
  return append_audit(db, "db-pruned", options.actor, "database", details);
}

}  // namespace

Result<PruneStats> prune_database(const std::string& path, const PruneOptions& options) {
  auto opened = Connection::open(path);
  if (!opened) {
    return opened.error();
  }
  std::unique_ptr<Connection> connection = std::move(*opened);
  Backend* db = connection->handle();
  PruneStats stats;
  auto done = in_transaction(db, [&] { return prune_all(db, options, &stats); });
  if (!done) {
    return done.error();
  }
  return stats;
}

}  // namespace tarsier::db
