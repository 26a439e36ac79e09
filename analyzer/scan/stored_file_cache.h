// The engine's FileCache (analyzer/engine/file_cache.h) kept in the risk database's file-level
// result cache (analyzer/db/file_result_store.h) under one analyzer version (tool and ruleset).
// Lookups go to the database at once; outcomes to store are gathered and written in batches of
// one transaction each, and by flush(). A database that fails only costs analyses: a failed
// lookup is a miss, a failed write is remembered for the report (last_error()).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/db/file_result_store.h"
#include "analyzer/engine/file_cache.h"

namespace tarsier {

class StoredFileCache final : public FileCache {
 public:
  // Outcomes gathered before a batch is written.
  static constexpr size_t k_batch = 256;

  // An error when the database cannot be opened.
  static Result<std::unique_ptr<StoredFileCache>> open(const std::string& db_path,
                                                       std::string analyzer_version);
  ~StoredFileCache() override;

  std::optional<std::string> load(const std::string& key) override;
  void save(const std::string& key, std::string value) override;

  // Writes the outcomes gathered so far; false when a write failed (last_error() says why).
  bool flush();
  std::string last_error() const;
  // Lookups answered by the database, and lookups it could not answer (files then analysed).
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  StoredFileCache(std::unique_ptr<FileResultStore> store, std::string analyzer_version);
  bool write(std::vector<std::pair<std::string, std::string>> batch);

  std::unique_ptr<FileResultStore> m_store;
  std::string m_version;
  mutable std::mutex m_mutex;
  std::vector<std::pair<std::string, std::string>> m_pending;
  std::string m_error;
  uint64_t m_hits = 0;
  uint64_t m_misses = 0;
};

}  // namespace tarsier
