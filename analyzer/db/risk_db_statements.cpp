// The SQL of every prepared statement of the risk database.
#include "analyzer/db/risk_db_impl.h"

namespace tarsier {

using db::Statement;

Result<void> RiskDb::Impl::prepare() {
  std::string now(k_sql_now);
  struct Item {
    Statement* target;
    std::string sql;
  };
  const Item items[] = {
      {&begin, handle->dialect() == db::Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"},
      {&commit, "COMMIT"},
      {&rollback, "ROLLBACK"},
      {&insert_scan,
       "INSERT INTO scans (started_at, command, inputs, tool_version, ruleset_version, policy, "
       "pid, host, project) VALUES (" +
           now + ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"},
      {&running_scans,
       "SELECT id, pid FROM scans WHERE finished_at IS NULL AND interrupted_at IS NULL AND "
       "pid IS NOT NULL AND host = ?1"},
      {&interrupt_scan, "UPDATE scans SET interrupted_at = " + now +
                            " WHERE id = ?1 AND finished_at IS NULL AND interrupted_at IS NULL"},
      {&finish_scan,
       "UPDATE scans SET finished_at = " + now +
           ", packages = ?2, analyzed = ?3, failed = ?4, exit_code = ?5, suppressed = ?6 "
           "WHERE id = ?1"},
      {&scan_version, "SELECT tool_version, ruleset_version FROM scans WHERE id = ?1"},
      // The no-op update makes RETURNING yield the id of an existing row too.
      {&upsert_package,
       "INSERT INTO packages (ecosystem, name, version, integrity, first_seen) VALUES (?1, ?2, ?3, "
       "?4, " +
           now +
           ") ON CONFLICT (ecosystem, name, version, integrity) DO UPDATE SET "
           "ecosystem = excluded.ecosystem RETURNING id"},
      {&find_analysis, "SELECT id FROM analyses WHERE package_id = ?1 AND analyzer_version = ?2"},
      // Analyses are keyed by archive (the package row holds its integrity) and analyzer
      // version: when another writer stored the same one first, nothing is inserted and no id
      // comes back, and the result links to the stored analysis instead.
      {&insert_analysis,
       "INSERT INTO analyses (package_id, analyzer_version, analyzed_at, risk, capabilities, "
       "threats, archive_bytes, files, unpacked_bytes, parsed_files) VALUES (?1, ?2, " +
           now +
           ", ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (package_id, analyzer_version) DO NOTHING "
           "RETURNING id"},
      {&insert_scan_package,
       "INSERT INTO scan_packages (scan_id, package_id, analysis_id, recorded_at, risk, "
       "capabilities, threats, error, integrity_verified, from_cache, result_cached, lockfile, "
       "line, dev, optional, source, alias) VALUES (?1, ?2, ?3, " +
           now + ", ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id"},
      {&insert_finding,
       "INSERT INTO findings (analysis_id, scan_package_id, rule, capability, severity, message, "
       "file, line, column, snippet, install_time, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
       "?7, ?8, ?9, ?10, ?11, ?12) RETURNING id"},
      {&cached_analysis,
       "SELECT a.id, a.risk, a.capabilities, a.threats, a.archive_bytes, a.files, "
       "a.unpacked_bytes, a.parsed_files FROM packages p JOIN analyses a ON a.package_id = p.id "
       "WHERE p.ecosystem = ?1 AND p.name = ?2 AND p.version = ?3 AND p.integrity = ?4 AND "
       "a.analyzer_version = ?5"},
      {&analysis_findings,
       "SELECT rule, capability, severity, message, file, line, column, snippet, install_time, "
       "id FROM findings WHERE analysis_id = ?1 ORDER BY id"},
      {&count_findings, "SELECT count(*) FROM findings WHERE analysis_id = ?1"},
      {&last_integrity,
       "SELECT p.integrity FROM scan_packages sp JOIN packages p ON p.id = sp.package_id WHERE "
       "p.ecosystem = ?1 AND p.name = ?2 AND p.version = ?3 AND sp.integrity_verified = 1 "
       "ORDER BY sp.id DESC LIMIT 1"},
  };
  for (const auto& item : items) {
    auto prepared = Statement::prepare(handle.get(), item.sql);
    if (!prepared) {
      return prepared.error();
    }
    *item.target = std::move(*prepared);
  }
  return {};
}

}  // namespace tarsier
