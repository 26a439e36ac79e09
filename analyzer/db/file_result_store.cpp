#include "analyzer/db/file_result_store.h"

namespace tarsier {

namespace {

constexpr std::string_view k_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

}  // namespace

FileResultStore::FileResultStore(std::unique_ptr<db::Connection> connection)
    : m_db(std::move(connection)) {}

Result<std::unique_ptr<FileResultStore>> FileResultStore::open(const std::string& path) {
  auto connection = db::Connection::open(path);
  if (!connection) {
    return connection.error();
  }
  std::string error;
  std::unique_ptr<FileResultStore> store(new FileResultStore(std::move(*connection)));
  db::Backend* handle = store->m_db->handle();
  store->m_find = db::Statement(
      handle, "SELECT outcome FROM file_results WHERE file_key = ?1 AND analyzer_version = ?2",
      &error);
  if (!store->m_find.valid()) {
    return db::db_error(error);
  }
  store->m_insert = db::Statement(handle,
                                  "INSERT INTO file_results (file_key, analyzer_version, outcome, "
                                  "stored_at) VALUES (?1, ?2, ?3, " +
                                      std::string(k_now) + ") ON CONFLICT DO NOTHING",
                                  &error);
  if (!store->m_insert.valid()) {
    return db::db_error(error);
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

Result<void> FileResultStore::put(const std::vector<std::pair<std::string, std::string>>& outcomes,
                                  const std::string& analyzer_version) {
  if (outcomes.empty()) {
    return {};
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string error;
  if (!m_db->begin(&error)) {
    return db::db_error(error);
  }
  for (const auto& [key, outcome] : outcomes) {
    m_insert.reset();
    if (!m_insert.bind(1, key).bind(2, analyzer_version).bind(3, outcome).run(&error)) {
      m_insert.reset();
      m_db->rollback();
      return db::db_error(error);
    }
  }
  m_insert.reset();
  if (!m_db->commit(&error)) {
    return db::db_error(error);
  }
  return {};
}

Result<int64_t> FileResultStore::count(const std::string& analyzer_version) {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::string error;
  db::Statement select(m_db->handle(),
                       "SELECT count(*) FROM file_results WHERE analyzer_version = ?1", &error);
  if (!select.valid() || !select.bind(1, analyzer_version).step(&error)) {
    return db::db_error(error);
  }
  return select.integer(0);
}

}  // namespace tarsier
