// The risk database's private state: the SQLite connection and its prepared statements. Shared
// by risk_db.cpp (recording and lookups) and risk_db_statements.cpp (the SQL text).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/db/risk_db.h"
#include "analyzer/db/sqlite_statement.h"

namespace tarsier {

// SQL for the current UTC time with milliseconds, as stored in every timestamp column.
inline constexpr std::string_view k_sql_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

struct RiskDb::Impl {
  sqlite3* handle = nullptr;
  std::string path;
  std::mutex mutex;
  std::map<int64_t, std::string> scan_versions;  // scan id -> analyzer_version()

  db::Statement begin, commit, rollback;
  db::Statement insert_scan, finish_scan, scan_version, running_scans, interrupt_scan;
  db::Statement upsert_package, find_analysis, insert_analysis, insert_scan_package;
  db::Statement insert_finding;
  db::Statement cached_analysis, analysis_findings, count_findings, last_integrity;

  ~Impl() {
    // Statements must be finalised before the connection closes.
    for (db::Statement* s :
         {&begin, &commit, &rollback, &insert_scan, &finish_scan, &scan_version, &running_scans,
          &interrupt_scan, &upsert_package, &find_analysis, &insert_analysis, &insert_scan_package,
          &insert_finding, &cached_analysis, &analysis_findings, &count_findings,
          &last_integrity}) {
      *s = db::Statement();
    }
    sqlite3_close(handle);
  }

  bool prepare(std::string* error);
  bool migrate(std::string* error);
  bool write_finding(const Finding& finding, int64_t analysis_id, int64_t scan_package_id,
                     std::string* error, int64_t* id = nullptr);
  bool load_findings(int64_t analysis_id, std::vector<Finding>* out, std::string* error,
                     std::vector<int64_t>* ids = nullptr);
  bool record_locked(int64_t scan_id, const PackageResult& result, std::string* error);
  std::string version_for_scan(int64_t scan_id, std::string* error);
};

}  // namespace tarsier
