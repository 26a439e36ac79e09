#include "analyzer/db/sqlite_backend.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace tarsier::db {

namespace {

// How long a writer waits for another process's write transaction before the database counts
// as locked. Several scans may share one database on a loaded CI runner, where one scan's
// transaction can be slowed for many seconds.
constexpr int k_busy_timeout_ms = 60000;
constexpr int k_retry_ms = 10;

class SqliteCursor : public Cursor {
 public:
  SqliteCursor(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  ~SqliteCursor() override { sqlite3_finalize(m_stmt); }
  SqliteCursor(const SqliteCursor&) = delete;
  SqliteCursor& operator=(const SqliteCursor&) = delete;

  void bind_text(int index, std::string_view text) override {
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind_int(int index, int64_t value) override { sqlite3_bind_int64(m_stmt, index, value); }
  void bind_null(int index) override { sqlite3_bind_null(m_stmt, index); }

  Result<bool> step() override {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc != SQLITE_DONE) {
      return db_error(sqlite3_errmsg(m_db));
    }
    m_changes = sqlite3_changes(m_db);
    return false;
  }

  void reset() override {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
  }

  std::string text(int column) const override {
    const unsigned char* value = sqlite3_column_text(m_stmt, column);
    if (value == nullptr) {
      return {};
    }
    return std::string(reinterpret_cast<const char*>(value),
                       static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
  }
  int64_t integer(int column) const override { return sqlite3_column_int64(m_stmt, column); }
  bool is_null(int column) const override {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
  }
  ValueKind kind(int column) const override {
    switch (sqlite3_column_type(m_stmt, column)) {
      case SQLITE_NULL:
        return ValueKind::null;
      case SQLITE_INTEGER:
        return ValueKind::integer;
      case SQLITE_FLOAT:
        return ValueKind::real;
      default:
        return ValueKind::text;
    }
  }
  int columns() const override { return sqlite3_column_count(m_stmt); }
  std::string column_name(int column) const override {
    const char* name = sqlite3_column_name(m_stmt, column);
    return name != nullptr ? name : "";
  }
  int64_t changes() const override { return m_changes; }

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt;
  int64_t m_changes = 0;
};

class SqliteBackend : public Backend {
 public:
  explicit SqliteBackend(sqlite3* handle) : m_handle(handle) {}
  ~SqliteBackend() override { sqlite3_close(m_handle); }
  SqliteBackend(const SqliteBackend&) = delete;
  SqliteBackend& operator=(const SqliteBackend&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_handle, sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      std::string message =
          std::string(sqlite3_errmsg(m_handle)) + " in: " + std::string(sql.substr(0, 80));
      sqlite3_finalize(stmt);
      return db_error(message);
    }
    return std::unique_ptr<Cursor>(std::make_unique<SqliteCursor>(m_handle, stmt));
  }

  Result<void> exec(std::string_view sql) override {
    std::string owned(sql);
    char* message = nullptr;
    if (sqlite3_exec(m_handle, owned.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(m_handle);
      sqlite3_free(message);
      return db_error(text);
    }
    return {};
  }

  // IMMEDIATE takes the write lock first, so two writers never deadlock upgrading a read lock.
  Result<void> begin() override { return exec("BEGIN IMMEDIATE"); }
  // BEGIN IMMEDIATE already excludes every other writer.
  Result<void> lock_schema() override { return {}; }

  Result<int64_t> schema_version() override {
    auto cursor = prepare("PRAGMA user_version");
    if (!cursor) {
      return cursor.error();
    }
    auto row = (*cursor)->step();
    if (!row) {
      return row.error();
    }
    return *row ? (*cursor)->integer(0) : int64_t{0};
  }
  Result<void> set_schema_version(int64_t version) override {
    return exec("PRAGMA user_version = " + std::to_string(version));
  }

 private:
  sqlite3* m_handle;
};

}  // namespace

Result<std::unique_ptr<Backend>> open_sqlite(const std::string& path, OpenMode mode) {
  int flags = SQLITE_OPEN_FULLMUTEX;
  flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::create) {
    flags |= SQLITE_OPEN_CREATE;
  }
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    std::string message = path + ": cannot open database: " +
                          (handle != nullptr ? sqlite3_errmsg(handle) : "out of memory");
    sqlite3_close(handle);
    return db_error(message);
  }
  sqlite3_busy_timeout(handle, k_busy_timeout_ms);
  auto backend = std::make_unique<SqliteBackend>(handle);
  // WAL lets readers and one writer work at once; NORMAL sync keeps every committed package
  // when the process is killed (only a power loss can drop the last transactions).
  std::string settings = mode == OpenMode::create ? "PRAGMA journal_mode = WAL; " : "";
  if (mode != OpenMode::read_only) {
    settings += "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
  } else {
    settings += "PRAGMA query_only = ON;";
  }
  // Turning a new file to WAL needs it alone: when several processes create one database at
  // once, the losers are told "database is locked" at once (SQLite does not wait there), so
  // they try again, for as long as the busy timeout.
  auto applied = backend->exec(settings);
  for (int waited = 0;
       !applied && (sqlite3_errcode(handle) & 0xff) == SQLITE_BUSY && waited < k_busy_timeout_ms;
       waited += k_retry_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(k_retry_ms));
    applied = backend->exec(settings);
  }
  if (!applied) {
    return db_error(path + ": " + applied.error().message());
  }
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace tarsier::db
