// The risk database's private state: the backend connection and its prepared statements. Shared
// by risk_db.cpp (recording and lookups) and risk_db_statements.cpp (the SQL text).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/db/risk_db.h"
#include "analyzer/db/statement.h"

namespace tarsier {

// SQL for the current UTC time with milliseconds, as stored in every timestamp column.
inline constexpr std::string_view k_sql_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

struct RiskDb::Impl {
  // Declared first, so the statements below are finalised before the connection closes.
  std::unique_ptr<db::Backend> handle;
  std::string path;
  std::mutex mutex;
  std::map<int64_t, std::string> scan_versions;  // scan id -> analyzer_version()
  std::map<int64_t, std::string> scan_projects;  // scan id -> project, for the audit log

  db::Statement begin, commit, rollback;
  db::Statement insert_scan, finish_scan, scan_version, running_scans, interrupt_scan;
  db::Statement upsert_package, find_analysis, insert_analysis, insert_scan_package;
  db::Statement insert_finding;
  db::Statement cached_analysis, analysis_findings, count_findings, last_integrity;

  Result<void> prepare();
  Result<void> migrate();
  // The new finding's id.
  Result<int64_t> write_finding(const Finding& finding, int64_t analysis_id,
                                int64_t scan_package_id);
  Result<void> load_findings(int64_t analysis_id, std::vector<Finding>* out,
                             std::vector<int64_t>* ids = nullptr);
  Result<void> load_stored(int64_t analysis_id, std::multimap<std::string, int64_t>* stored);
  Result<void> insert_new_analysis(const PackageResult& result, int64_t package_id,
                                   const std::string& version, int64_t* analysis_id,
                                   std::multimap<std::string, int64_t>* stored);
  Result<void> record_locked(int64_t scan_id, const PackageResult& result);
  // The steps of record_locked(). store_package and store_scan_package return the row's id.
  Result<int64_t> store_package(const PackageRef& ref, const std::string& integrity);
  Result<void> link_analysis(const PackageResult& result, int64_t package_id,
                             const std::string& version, int64_t* analysis_id,
                             std::multimap<std::string, int64_t>* stored, bool* replayed);
  Result<int64_t> store_scan_package(int64_t scan_id, int64_t package_id, int64_t analysis_id,
                                     const PackageResult& result, bool verified);
  Result<void> store_scan_findings(const PackageResult& result, int64_t scan_package_id,
                                   bool replayed, std::multimap<std::string, int64_t>* stored);
  Result<std::string> version_for_scan(int64_t scan_id);
};

}  // namespace tarsier
