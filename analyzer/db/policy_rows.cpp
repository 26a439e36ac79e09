#include "analyzer/db/policy_rows.h"

#include "analyzer/db/statement.h"

namespace tarsier::db {

// Statements are prepared per call: these run once per package (hashes: once per analysis), so
// the preparation cost is small next to the transaction around them.

Result<void> write_file_hashes(Backend* db, int64_t analysis_id,
                               const std::map<std::string, std::string>& file_sha256) {
  if (file_sha256.empty()) {
    return {};
  }
  auto insert =
      Statement::prepare(db,
                         "INSERT INTO analysis_files (analysis_id, path, sha256) VALUES (?1, ?2, "
                         "?3) ON CONFLICT (analysis_id, path) DO UPDATE SET sha256 = "
                         "excluded.sha256");
  if (!insert) {
    return insert.error();
  }
  for (const auto& [path, sha256] : file_sha256) {
    auto ran = insert->bind(1, analysis_id).bind(2, path).bind(3, sha256).run();
    insert->reset();
    if (!ran) {
      return ran;
    }
  }
  return {};
}

Result<std::map<std::string, std::string>> load_file_hashes(Backend* db, int64_t analysis_id) {
  auto select =
      Statement::prepare(db, "SELECT path, sha256 FROM analysis_files WHERE analysis_id = ?1");
  if (!select) {
    return select.error();
  }
  std::map<std::string, std::string> file_sha256;
  auto read = select->bind(1, analysis_id).each([&](const Statement& row) {
    file_sha256[row.text(0)] = row.text(1);
  });
  if (!read) {
    return read.error();
  }
  return file_sha256;
}

Result<void> write_suppression(Backend* db, int64_t scan_package_id, int64_t finding_id,
                               const std::string& reason) {
  auto insert = Statement::prepare(db,
                                   "INSERT INTO finding_suppressions (scan_package_id, "
                                   "finding_id, reason) VALUES (?1, ?2, ?3) ON CONFLICT DO "
                                   "NOTHING");
  if (!insert) {
    return insert.error();
  }
  return insert->bind(1, scan_package_id).bind(2, finding_id).bind(3, reason).run();
}

}  // namespace tarsier::db
