// The SQLite risk database: every scan, every package version seen, and every finding. Schema
// changes go through numbered migrations tracked in PRAGMA user_version. WAL mode and a busy
// timeout let two scans share one file; each package is written in its own transaction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/db/osv_store.h"

namespace tarsier {

struct ScanRecord {
  std::string command;              // "scan", "diff", ...
  std::vector<std::string> inputs;  // paths or specs as given
  std::string tool_version;
  std::string ruleset_version;
  std::string policy;   // the policy file the scan applied ("" = none)
  std::string project;  // the project the scan was run for ("" = none)
};

struct ScanTotals {
  int packages = 0;
  int analyzed = 0;
  int failed = 0;
  int exit_code = 0;
  int suppressed = 0;  // findings the policy suppressed
};

class RiskDb {
 public:
  ~RiskDb();
  RiskDb(const RiskDb&) = delete;
  RiskDb& operator=(const RiskDb&) = delete;

  // Opens (creating and migrating) the database.
  static Result<std::unique_ptr<RiskDb>> open(const std::string& path);

  // $XDG_DATA_HOME/tarsier/risk.db, else ~/.local/share/tarsier/risk.db.
  static std::string default_path();

  // The key stored results are valid for: tool version and ruleset version together. Scans
  // record theirs in begin_scan(); callers of find_cached() must build it the same way.
  static std::string analyzer_version(const std::string& tool_version,
                                      const std::string& ruleset_version);

  const std::string& path() const;

  int schema_version() const;

  // The new scan's id.
  Result<int64_t> begin_scan(const ScanRecord& scan);
  // Records one package result of a scan in one transaction. Thread-safe. A successful result
  // (no error, integrity verified, no integrity-mismatch finding) also stores its analysis and
  // findings under the scan's analyzer version so find_cached() can return it later; a result
  // linked to an existing analysis stores only the findings it adds, with this scan.
  Result<void> record_package(int64_t scan_id, const PackageResult& result);
  // Records several results in one transaction (a warm re-scan settles most packages at once, and
  // one commit each costs more than the rows). When the batch fails, nothing of it is kept and
  // each result is recorded alone, so one bad result costs only itself; the returned errors are
  // per result, in order (empty when it was recorded).
  std::vector<std::string> record_packages(int64_t scan_id,
                                           const std::vector<const PackageResult*>& results);
  Result<void> finish_scan(int64_t scan_id, const ScanTotals& totals);

  // A stored result for exactly this archive (same integrity string as PackageResult::integrity
  // recorded it) analysed under the same analyzer_version(); nullopt otherwise. The result has
  // `ref` = package and result_cached = true.
  std::optional<PackageResult> find_cached(const PackageRef& package, const std::string& integrity,
                                           const std::string& analyzer_version) const;
  // The verified integrity recorded the last time this ecosystem/name/version was seen, if any.
  std::optional<std::string> known_integrity(const std::string& ecosystem, const std::string& name,
                                             const std::string& version) const;

  // Known-malware intelligence (analyzer/db/osv_store.cpp). The stored state of every record of
  // a source, by id; empty (not an error) for a source never imported.
  Result<std::map<std::string, OsvRecordState>> osv_record_states(const std::string& source) const;
  // Replaces each record (and its affected packages) in one transaction; the error names the
  // record's file.
  Result<void> put_osv_records(const std::vector<OsvRecordRow>& records);
  // Active (not withdrawn) records naming this package, from every source.
  std::vector<OsvCandidate> osv_candidates(const std::string& ecosystem,
                                           const std::string& name) const;
  // One line per imported source, in source order.
  Result<std::vector<OsvSourceStatus>> osv_sources() const;

 private:
  struct Impl;
  explicit RiskDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace tarsier
