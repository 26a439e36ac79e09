// The file-level result cache in the risk database (migration 10): per-file analysis outcomes
// under (file key, analyzer version). Keys and outcomes are opaque text made by the engine
// (analyzer/engine/file_outcome_codec.h); this store only keeps them. Thread-safe: lookups and
// writes share one connection under a lock. The database must already be migrated.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/db/connection.h"
#include "analyzer/db/statement.h"

namespace tarsier {

class FileResultStore {
 public:
  static Result<std::unique_ptr<FileResultStore>> open(const std::string& path);

  // The outcome stored for `key` under `analyzer_version`; nullopt when there is none (or the
  // lookup failed, which only costs an analysis).
  std::optional<std::string> find(const std::string& key, const std::string& analyzer_version);
  // Stores (key, outcome) pairs in one transaction; a pair already stored is left as it is.
  Result<void> put(const std::vector<std::pair<std::string, std::string>>& outcomes,
                   const std::string& analyzer_version);
  // Rows stored under `analyzer_version`, for tests and benchmarks.
  Result<int64_t> count(const std::string& analyzer_version);

 private:
  explicit FileResultStore(std::unique_ptr<db::Connection> connection);
  std::unique_ptr<db::Connection> m_db;
  std::mutex m_mutex;
  db::Statement m_find, m_insert;
};

}  // namespace tarsier
