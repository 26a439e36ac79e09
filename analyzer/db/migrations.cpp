#include "analyzer/db/migrations.h"

namespace tarsier::db {

namespace {

// 1: scans, package versions, per-scan results, cached analyses and their findings.
// Findings that depend only on the archive and the analyzer belong to an analysis (so a cached
// result can be rebuilt); findings about the scan's context (integrity, origin) belong to the
// scan_packages row that observed them.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command TEXT NOT NULL,
  inputs TEXT NOT NULL DEFAULT '[]',
  tool_version TEXT NOT NULL,
  ruleset_version TEXT NOT NULL,
  packages INTEGER,
  analyzed INTEGER,
  failed INTEGER,
  exit_code INTEGER
);

CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  integrity TEXT NOT NULL DEFAULT '',
  first_seen TEXT NOT NULL,
  UNIQUE (ecosystem, name, version, integrity)
);

CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  analyzer_version TEXT NOT NULL,
  analyzed_at TEXT NOT NULL,
  risk TEXT NOT NULL CHECK (risk IN ('none', 'low', 'medium', 'high', 'critical')),
  capabilities TEXT NOT NULL DEFAULT '[]',
  threats TEXT NOT NULL DEFAULT '[]',
  archive_bytes INTEGER NOT NULL DEFAULT 0,
  files INTEGER NOT NULL DEFAULT 0,
  unpacked_bytes INTEGER NOT NULL DEFAULT 0,
  parsed_files INTEGER NOT NULL DEFAULT 0,
  UNIQUE (package_id, analyzer_version)
);

CREATE TABLE scan_packages (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
  analysis_id INTEGER REFERENCES analyses(id) ON DELETE SET NULL,
  recorded_at TEXT NOT NULL,
  risk TEXT NOT NULL CHECK (risk IN ('none', 'low', 'medium', 'high', 'critical')),
  capabilities TEXT NOT NULL DEFAULT '[]',
  threats TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  integrity_verified INTEGER NOT NULL DEFAULT 0,
  from_cache INTEGER NOT NULL DEFAULT 0,
  result_cached INTEGER NOT NULL DEFAULT 0,
  lockfile TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  dev INTEGER NOT NULL DEFAULT 0,
  optional INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'registry',
  alias TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scan_packages_by_scan ON scan_packages (scan_id);
CREATE INDEX scan_packages_by_package ON scan_packages (package_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  analysis_id INTEGER REFERENCES analyses(id) ON DELETE CASCADE,
  scan_package_id INTEGER REFERENCES scan_packages(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  capability TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('none', 'low', 'medium', 'high', 'critical')),
  message TEXT NOT NULL,
  file TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  column INTEGER NOT NULL DEFAULT 0,
  snippet TEXT NOT NULL DEFAULT '',
  install_time INTEGER NOT NULL DEFAULT 0,
  CHECK ((analysis_id IS NULL) <> (scan_package_id IS NULL))
);
CREATE INDEX findings_by_analysis ON findings (analysis_id);
CREATE INDEX findings_by_scan_package ON findings (scan_package_id);

-- Every finding a scan reported for a package, wherever it is stored.
CREATE VIEW scan_findings AS
  SELECT sp.scan_id, sp.id AS scan_package_id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time
    FROM scan_packages sp JOIN findings f ON f.analysis_id = sp.analysis_id
  UNION ALL
  SELECT sp.scan_id, sp.id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time
    FROM scan_packages sp JOIN findings f ON f.scan_package_id = sp.id;
)sql";

// 2: policy suppressions and the file hashes they may be pinned to. Suppression is a decision of
// one scan (its project's policy), while the findings of an analysis are shared by every scan
// that reuses it: so a suppression is a row keyed by the scan_packages row and the finding, never
// a column of the finding. File hashes belong to the analysis (they depend only on the archive).
// Scans also record the policy file they used and how many findings it suppressed.
constexpr std::string_view k_v2 = R"sql(
ALTER TABLE scans ADD COLUMN policy TEXT NOT NULL DEFAULT '';
ALTER TABLE scans ADD COLUMN suppressed INTEGER;

CREATE TABLE analysis_files (
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (analysis_id, path)
) WITHOUT ROWID;

CREATE TABLE finding_suppressions (
  scan_package_id INTEGER NOT NULL REFERENCES scan_packages(id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  PRIMARY KEY (scan_package_id, finding_id)
) WITHOUT ROWID;
CREATE INDEX finding_suppressions_by_finding ON finding_suppressions (finding_id);

-- The view gains the finding id and the scan's suppression; earlier columns keep their order.
DROP VIEW scan_findings;
CREATE VIEW scan_findings AS
  SELECT sp.scan_id, sp.id AS scan_package_id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time, f.id AS finding_id,
         s.finding_id IS NOT NULL AS suppressed, s.reason AS suppression_reason
    FROM scan_packages sp JOIN findings f ON f.analysis_id = sp.analysis_id
    LEFT JOIN finding_suppressions s ON s.scan_package_id = sp.id AND s.finding_id = f.id
  UNION ALL
  SELECT sp.scan_id, sp.id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time, f.id,
         s.finding_id IS NOT NULL, s.reason
    FROM scan_packages sp JOIN findings f ON f.scan_package_id = sp.id
    LEFT JOIN finding_suppressions s ON s.scan_package_id = sp.id AND s.finding_id = f.id;
)sql";

// 3: each finding's identity across versions and line moves (analyzer/core/finding_identity.h),
// so a finding can be followed from one version of a package to the next. Findings recorded
// before this version have an empty fingerprint.
constexpr std::string_view k_v3 = R"sql(
ALTER TABLE findings ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
CREATE INDEX findings_by_fingerprint ON findings (fingerprint);

DROP VIEW scan_findings;
CREATE VIEW scan_findings AS
  SELECT sp.scan_id, sp.id AS scan_package_id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time, f.id AS finding_id,
         s.finding_id IS NOT NULL AS suppressed, s.reason AS suppression_reason, f.fingerprint
    FROM scan_packages sp JOIN findings f ON f.analysis_id = sp.analysis_id
    LEFT JOIN finding_suppressions s ON s.scan_package_id = sp.id AND s.finding_id = f.id
  UNION ALL
  SELECT sp.scan_id, sp.id, sp.package_id, f.rule, f.capability, f.severity,
         f.message, f.file, f.line, f.column, f.snippet, f.install_time, f.id,
         s.finding_id IS NOT NULL, s.reason, f.fingerprint
    FROM scan_packages sp JOIN findings f ON f.scan_package_id = sp.id
    LEFT JOIN finding_suppressions s ON s.scan_package_id = sp.id AND s.finding_id = f.id;
)sql";

// 4: known-malware intelligence imported from OSV records (`tarsier db import-osv`). A record is
// keyed by the source it came from (the directory or all.zip imported) and its id, so the same
// MAL- record from two sources counts in both; lookups go through the affected packages, keyed
// by ecosystem and name (PyPI names PEP 503-normalised). Versions and ranges stay JSON as OSV
// writes them: only tarsier's per-ecosystem version orders can evaluate them.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE osv_records (
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  modified TEXT NOT NULL,
  published TEXT NOT NULL DEFAULT '',
  withdrawn TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  file TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL,
  PRIMARY KEY (source, id)
);

CREATE TABLE osv_affected (
  source TEXT NOT NULL,
  record_id TEXT NOT NULL,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  versions TEXT NOT NULL DEFAULT '[]',
  ranges TEXT NOT NULL DEFAULT '[]',
  all_versions INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (source, record_id) REFERENCES osv_records (source, id) ON DELETE CASCADE
);
CREATE INDEX osv_affected_by_package ON osv_affected (ecosystem, name);
CREATE INDEX osv_affected_by_record ON osv_affected (source, record_id);
)sql";

// 5: monitoring (`tarsier watch`, `tarsier alerts`). A watched package's poll state (validators
// for conditional requests, failures, staleness), every version the registry listed with the
// metadata the anomaly rules compare (publisher, maintainers, dependencies, install script,
// size), the locked versions and ranges being watched, and alerts with their delivery state per
// sink. An alert is unique by its dedup key, so the same event never alerts twice; a delivery row
// is created with the alert for each configured sink, so a restart resumes what is undelivered.
constexpr std::string_view k_v5 = R"sql(
CREATE TABLE watch_targets (
  id INTEGER PRIMARY KEY,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  added_at TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  checked_at TEXT,
  ok_at TEXT,
  changed_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  next_poll_at TEXT,
  last_error TEXT,
  latest TEXT NOT NULL DEFAULT '',
  UNIQUE (ecosystem, name)
);

CREATE TABLE watch_locks (
  target_id INTEGER NOT NULL REFERENCES watch_targets(id) ON DELETE CASCADE,
  lockfile TEXT NOT NULL,
  version TEXT NOT NULL,
  range TEXT NOT NULL DEFAULT '',
  fresh_pick TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_id, lockfile, version)
) WITHOUT ROWID;

CREATE TABLE registry_versions (
  target_id INTEGER NOT NULL REFERENCES watch_targets(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  published_at TEXT NOT NULL DEFAULT '',
  publisher TEXT NOT NULL DEFAULT '',
  maintainers TEXT NOT NULL DEFAULT '[]',
  dependencies TEXT NOT NULL DEFAULT '[]',
  install_script INTEGER NOT NULL DEFAULT 0,
  file_count INTEGER,
  unpacked_size INTEGER,
  tarball TEXT NOT NULL DEFAULT '',
  integrity TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('history', 'pending', 'done')),
  error TEXT,
  PRIMARY KEY (target_id, version)
) WITHOUT ROWID;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  raised_at TEXT NOT NULL,
  type TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('none', 'low', 'medium', 'high', 'critical')),
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  previous_version TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '{}',
  acked_at TEXT,
  acked_by TEXT
);
CREATE INDEX alerts_by_package ON alerts (ecosystem, name);

CREATE TABLE alert_deliveries (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  sink TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  last_error TEXT,
  PRIMARY KEY (alert_id, sink)
) WITHOUT ROWID;
CREATE INDEX alert_deliveries_pending ON alert_deliveries (sink, state, next_attempt_at);
)sql";

// 6: the process that runs a scan (pid and host name), so a later scan can tell a scan that was
// killed from one still running and mark it interrupted instead of leaving it unfinished forever.
constexpr std::string_view k_v6 = R"sql(
ALTER TABLE scans ADD COLUMN pid INTEGER;
ALTER TABLE scans ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE scans ADD COLUMN interrupted_at TEXT;
)sql";

// 7: one database for many projects. Each scan records the project it was run for (`--project`,
// by default the name of the directory holding the lockfile; '' for specs and archives alone).
constexpr std::string_view k_v7 = R"sql(
ALTER TABLE scans ADD COLUMN project TEXT NOT NULL DEFAULT '';
CREATE INDEX scans_by_project ON scans (project, started_at);
)sql";

// 8: documented views for querying many projects with plain SQL (SCHEMA.md, `tarsier query`).
// A project's packages are those of its latest finished `scan` (a diff records only what
// changed). A capability is gained when a package's analysis first shows it after an earlier
// analysis of the same package did not, in the order the analyses were recorded.
constexpr std::string_view k_v8_projects = R"sql(
CREATE VIEW project_scans AS
  SELECT s.project, s.id AS scan_id, s.command, s.started_at, s.finished_at, s.exit_code,
         count(sp.id) AS packages,
         CASE max(CASE sp.risk WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2
                               WHEN 'low' THEN 1 ELSE 0 END)
           WHEN 4 THEN 'critical' WHEN 3 THEN 'high' WHEN 2 THEN 'medium' WHEN 1 THEN 'low'
           ELSE 'none' END AS highest_risk,
         sum(CASE WHEN sp.risk = 'critical' THEN 1 ELSE 0 END) AS critical,
         sum(CASE WHEN sp.risk = 'high' THEN 1 ELSE 0 END) AS high,
         sum(CASE WHEN sp.risk = 'medium' THEN 1 ELSE 0 END) AS medium,
         sum(CASE WHEN sp.error IS NOT NULL THEN 1 ELSE 0 END) AS failed
    FROM scans s LEFT JOIN scan_packages sp ON sp.scan_id = s.id
   WHERE s.project <> ''
   GROUP BY s.id, s.project, s.command, s.started_at, s.finished_at, s.exit_code;

CREATE VIEW project_latest_scans AS
  SELECT project, max(id) AS scan_id FROM scans
   WHERE project <> '' AND command = 'scan' AND finished_at IS NOT NULL
   GROUP BY project;

CREATE VIEW project_packages AS
  SELECT l.project, l.scan_id, p.ecosystem, p.name, p.version, sp.risk, sp.capabilities,
         sp.threats, sp.error, sp.lockfile, sp.dev
    FROM project_latest_scans l
    JOIN scan_packages sp ON sp.scan_id = l.scan_id
    JOIN packages p ON p.id = sp.package_id;
)sql";

// The capabilities of every analysis, one row each: SQLite's json_each, PostgreSQL's
// jsonb_array_elements_text.
constexpr std::string_view k_v8_capabilities_sqlite = R"sql(
CREATE VIEW package_capabilities AS
  SELECT p.ecosystem, p.name, p.version, c.value AS capability, a.analyzed_at
    FROM analyses a JOIN packages p ON p.id = a.package_id, json_each(a.capabilities) c;
)sql";

constexpr std::string_view k_v8_capabilities_postgres = R"sql(
CREATE VIEW package_capabilities AS
  SELECT p.ecosystem, p.name, p.version, c.value AS capability, a.analyzed_at
    FROM analyses a JOIN packages p ON p.id = a.package_id,
         jsonb_array_elements_text(a.capabilities::jsonb) AS c(value);
)sql";

constexpr std::string_view k_v8_gains = R"sql(
CREATE VIEW capability_gains AS
  SELECT pc.ecosystem, pc.name, pc.version, pc.capability, pc.analyzed_at AS gained_at
    FROM package_capabilities pc
   WHERE NOT EXISTS (SELECT 1 FROM package_capabilities e
                      WHERE e.ecosystem = pc.ecosystem AND e.name = pc.name
                        AND e.capability = pc.capability AND e.analyzed_at < pc.analyzed_at)
     AND EXISTS (SELECT 1 FROM analyses a JOIN packages p ON p.id = a.package_id
                  WHERE p.ecosystem = pc.ecosystem AND p.name = pc.name
                    AND a.analyzed_at < pc.analyzed_at);
)sql";

// 9: the append-only audit log (analyzer/db/audit_log.h): alerts raised, delivered and
// acknowledged, and prunes, each with time and actor, chained by SHA-256 so a changed, inserted or
// deleted entry is detected. The triggers refuse updates and deletes through SQL; the chain
// catches what bypasses them.
constexpr std::string_view k_v9_table = R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  event TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
)sql";

constexpr std::string_view k_v9_triggers_sqlite = R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// PostgreSQL's triggers call a function; TRUNCATE is refused too.
constexpr std::string_view k_v9_triggers_postgres = R"sql(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql";

// 10: the work queue of `tarsier enqueue` and `tarsier worker` (analyzer/queue/job_queue.h). One
// row per package spec (job_key is the ecosystem, normalised name and version, so a spec enqueued
// twice is one job). A worker leases a job until lease_expires_ms (milliseconds since the epoch,
// by the database's clock); a job whose lease ran out is taken again.
constexpr std::string_view k_v10 = R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  job_key TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  ecosystem TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  lease_owner TEXT,
  lease_expires_ms INTEGER,
  last_error TEXT,
  scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
  enqueued_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_by_state ON jobs (state, id);
)sql";

// 11: the file-level result cache (file_result_store.h): one file's analysis outcome, keyed by
// the file's content (with its language and install reach) and the analyzer version, so a new
// version of a package re-analyses only its changed files and a file shared by many packages is
// analysed once. The outcome is the engine's own encoding, opaque to the database.
constexpr std::string_view k_v11 = R"sql(
CREATE TABLE file_results (
  file_key TEXT NOT NULL,
  analyzer_version TEXT NOT NULL,
  outcome TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  PRIMARY KEY (file_key, analyzer_version)
);
)sql";

std::vector<std::string> all_of(Dialect dialect) {
  bool pg = dialect == Dialect::postgres;
  std::vector<std::string> out;
  for (auto text : {k_v1, k_v2, k_v3, k_v4, k_v5, k_v6, k_v7}) {
    out.emplace_back(text);
  }
  out.push_back(std::string(k_v8_projects) +
                std::string(pg ? k_v8_capabilities_postgres : k_v8_capabilities_sqlite) +
                std::string(k_v8_gains));
  out.push_back(std::string(k_v9_table) +
                std::string(pg ? k_v9_triggers_postgres : k_v9_triggers_sqlite));
  out.emplace_back(k_v10);
  out.emplace_back(k_v11);
  return out;
}

}  // namespace

const std::vector<std::string>& migrations(Dialect dialect) {
  static const std::vector<std::string> sqlite = all_of(Dialect::sqlite);
  static const std::vector<std::string> postgres = all_of(Dialect::postgres);
  return dialect == Dialect::postgres ? postgres : sqlite;
}

}  // namespace tarsier::db
