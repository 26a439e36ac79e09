// Database rows that come with policy suppressions (migration 2): the sha256 of the files with
// findings, stored per analysis so that a cached result can still be matched against a pinned
// suppression, and one row per finding a scan suppressed. Internal to analyzer/db; called inside
// the transaction of RiskDb::record_package.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "analyzer/db/backend.h"

namespace tarsier::db {

Result<void> write_file_hashes(Backend* db, int64_t analysis_id,
                               const std::map<std::string, std::string>& file_sha256);

// Path -> sha256 of the files stored with an analysis.
Result<std::map<std::string, std::string>> load_file_hashes(Backend* db, int64_t analysis_id);

Result<void> write_suppression(Backend* db, int64_t scan_package_id, int64_t finding_id,
                               const std::string& reason);

}  // namespace tarsier::db
