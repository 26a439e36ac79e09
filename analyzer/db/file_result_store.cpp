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
  std::unique_ptr<FileResultStore> store(new FileResultStore(std::move(*connection)));
  db::Backend* handle = store->m_db->handle();
  auto find = db::Statement::prepare(
      handle, "SELECT outcome FROM file_results WHERE file_key = ?1 AND analyzer_version = ?2");
  if (!find) {
    return find.error();
  }
  store->m_find = std::move(*find);
  auto insert = db::Statement::prepare(handle,
                                       "INSERT INTO file_results (file_key, analyzer_version, "
                                       "outcome, stored_at) VALUES (?1, ?2, ?3, " +
                                           std::string(k_now) + ") ON CONFLICT DO NOTHING");
  if (!insert) {
    return insert.error();
  }
  store->m_insert = std::move(*insert);
  return store;
}

std::optional<std::string> FileResultStore::find(const std::string& key,
                                                 const std::string& analyzer_version) {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_find.reset();
  auto row = m_find.bind(1, key).bind(2, analyzer_version).step();
  if (!row || !*row) {
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
  return db::in_transaction(m_db->handle(), [&]() -> Result<void> {
    for (const auto& [key, outcome] : outcomes) {
      m_insert.reset();
      auto ran = m_insert.bind(1, key).bind(2, analyzer_version).bind(3, outcome).run();
      m_insert.reset();
      if (!ran) {
        return ran;
      }
    }
    return {};
  });
}

Result<int64_t> FileResultStore::count(const std::string& analyzer_version) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto select = db::Statement::prepare(
      m_db->handle(), "SELECT count(*) FROM file_results WHERE analyzer_version = ?1");
  if (!select) {
    return select.error();
  }
  auto row = select->bind(1, analyzer_version).step();
  if (!row) {
    return row.error();
  }
  return *row ? select->integer(0) : int64_t{0};
}

}  // namespace tarsier
