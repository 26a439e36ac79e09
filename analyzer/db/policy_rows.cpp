#include "analyzer/db/policy_rows.h"

#include "analyzer/db/statement.h"

namespace tarsier::db {

// Statements are prepared per call: these run once per package (hashes: once per analysis), so
// the preparation cost is small next to the transaction around them.

bool write_file_hashes(Backend* db, int64_t analysis_id,
                       const std::map<std::string, std::string>& file_sha256, std::string* error) {
  if (file_sha256.empty()) {
    return true;
  }
  Statement insert(db,
                   "INSERT INTO analysis_files (analysis_id, path, sha256) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (analysis_id, path) DO UPDATE SET sha256 = excluded.sha256",
                   error);
  if (!insert.valid()) {
    return false;
  }
  for (const auto& [path, sha256] : file_sha256) {
    insert.bind(1, analysis_id).bind(2, path).bind(3, sha256);
    bool ok = insert.run(error);
    insert.reset();
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool load_file_hashes(Backend* db, int64_t analysis_id,
                      std::map<std::string, std::string>* file_sha256, std::string* error) {
  Statement select(db, "SELECT path, sha256 FROM analysis_files WHERE analysis_id = ?1", error);
  if (!select.valid()) {
    return false;
  }
  select.bind(1, analysis_id);
  while (select.step(error)) {
    (*file_sha256)[select.text(0)] = select.text(1);
  }
  return error->empty();
}

bool write_suppression(Backend* db, int64_t scan_package_id, int64_t finding_id,
                       const std::string& reason, std::string* error) {
  Statement insert(db,
                   "INSERT INTO finding_suppressions (scan_package_id, finding_id, reason) "
                   "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                   error);
  if (!insert.valid()) {
    return false;
  }
  insert.bind(1, scan_package_id).bind(2, finding_id).bind(3, reason);
  return insert.run(error);
}

}  // namespace tarsier::db
