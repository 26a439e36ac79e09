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

// 4: the process that runs a scan (pid and host name), so a later scan can tell a scan that was
// killed from one still running and mark it interrupted instead of leaving it unfinished forever.
constexpr std::string_view k_v4 = R"sql(
ALTER TABLE scans ADD COLUMN pid INTEGER;
ALTER TABLE scans ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE scans ADD COLUMN interrupted_at TEXT;
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {k_v1, k_v2, k_v3, k_v4};
  return all;
}

}  // namespace tarsier::db
