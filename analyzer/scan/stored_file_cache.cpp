#include "analyzer/scan/stored_file_cache.h"

namespace tarsier {

StoredFileCache::StoredFileCache(std::unique_ptr<FileResultStore> store,
                                 std::string analyzer_version)
    : m_store(std::move(store)), m_version(std::move(analyzer_version)) {}

Result<std::unique_ptr<StoredFileCache>> StoredFileCache::open(const std::string& db_path,
                                                               std::string analyzer_version) {
  auto store = FileResultStore::open(db_path);
  if (!store) {
    return store.error();
  }
  return std::unique_ptr<StoredFileCache>(
      new StoredFileCache(std::move(*store), std::move(analyzer_version)));
}

StoredFileCache::~StoredFileCache() {
  flush();
}

std::optional<std::string> StoredFileCache::load(const std::string& key) {
  auto found = m_store->find(key, m_version);
  std::lock_guard<std::mutex> lock(m_mutex);
  ++(found ? m_hits : m_misses);
  return found;
}

void StoredFileCache::save(const std::string& key, std::string value) {
  std::vector<std::pair<std::string, std::string>> batch;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_pending.emplace_back(key, std::move(value));
    if (m_pending.size() < k_batch) {
      return;
    }
    batch.swap(m_pending);
  }
  write(std::move(batch));
}

bool StoredFileCache::flush() {
  std::vector<std::pair<std::string, std::string>> batch;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    batch.swap(m_pending);
  }
  return write(std::move(batch));
}

bool StoredFileCache::write(std::vector<std::pair<std::string, std::string>> batch) {
  auto written = m_store->put(batch, m_version);
  if (written) {
    return true;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  m_error = written.error().str();
  return false;
}

std::string StoredFileCache::last_error() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_error;
}

uint64_t StoredFileCache::hits() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_hits;
}

uint64_t StoredFileCache::misses() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_misses;
}

}  // namespace tarsier
