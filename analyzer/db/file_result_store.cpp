#include "analyzer/db/file_result_store.h"

namespace tarsier {

namespace {

constexpr std::string_view k_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

}  // namespace

FileResultStore::FileResultStore(std::unique_ptr<db::Connection> connection)
    : m_db(std::move(connection)) {}

std::unique_ptr<FileResultStore> FileResultStore::open(const std::string& path,
                                                       std::string* error) {
  auto connection = db::Connection::open(path);
  if (!connection) {
    *error = connection.error().str();
    return nullptr;
  }
  std::unique_ptr<FileResultStore> store(new FileResultStore(std::move(*connection)));
  db::Backend* handle = store->m_db->handle();
  store->m_find = db::Statement(
      handle, "SELECT outcome FROM file_results WHERE file_key = ?1 AND analyzer_version = ?2",
      error);
  if (!store->m_find.valid()) {
    return nullptr;
  }
  store->m_insert = db::Statement(handle,
                                  "INSERT INTO file_results (file_key, analyzer_version, outcome, "
                                  "stored_at) VALUES (?1, ?2, ?3, " +
                                      std::string(k_now) + ") ON CONFLICT DO NOTHING",
                                  error);
  if (!store->m_insert.valid()) {
    return nullptr;
  }
  return store;
}

std::optional<std::string> FileResultStore::find(const std::string& key,
                                                 const std::string& analyzer_version) {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string error;
  m_find.reset();
  if (!m_find.bind(1, key).bind(2, analyzer_version).step(&error)) {
    m_find.reset();
    return std::nullopt;
  }
  std::string outcome = m_find.text(0);
  m_find.reset();
  return outcome;
}

bool FileResultStore::put(const std::vector<std::pair<std::string, std::string>>& outcomes,
                          const std::string& analyzer_version, std::string* error) {
  if (outcomes.empty()) {
    return true;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (!m_db->begin(error)) {
    return false;
  }
  for (const auto& [key, outcome] : outcomes) {
    m_insert.reset();
    if (!m_insert.bind(1, key).bind(2, analyzer_version).bind(3, outcome).run(error)) {
      m_insert.reset();
      m_db->rollback();
      return false;
    }
  }
  m_insert.reset();
  return m_db->commit(error);
}

int64_t FileResultStore::count(const std::string& analyzer_version, std::string* error) {
  std::lock_guard<std::mutex> lock(m_mutex);
  db::Statement select(m_db->handle(),
                       "SELECT count(*) FROM file_results WHERE analyzer_version = ?1", error);
  if (!select.valid() || !select.bind(1, analyzer_version).step(error)) {
    return -1;
  }
  return select.integer(0);
}

}  // namespace tarsier
