// A read-write SQLite connection to an existing, migrated risk database (RiskDb::open creates
// and migrates it), with the same settings as RiskDb: WAL, busy timeout, foreign keys. Used by
// the stores that keep their own tables (watch state, alerts). Also the JSON list helpers every
// store shares.
#pragma once

#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace tarsier::db {

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // nullptr with `error` when the file cannot be opened. A read-only connection cannot write
  // (SQLITE_OPEN_READONLY and PRAGMA query_only).
  static std::unique_ptr<Connection> open(const std::string& path, std::string* error,
                                          bool read_only = false);

  sqlite3* handle() const { return m_handle; }
  const std::string& path() const { return m_path; }

  // BEGIN IMMEDIATE / COMMIT / ROLLBACK; false with `error`.
  bool begin(std::string* error);
  bool commit(std::string* error);
  void rollback();

 private:
  Connection() = default;
  sqlite3* m_handle = nullptr;
  std::string m_path;
};

// A JSON array of strings, and back (anything else reads as an empty list).
std::string to_json_list(const std::vector<std::string>& items);
std::vector<std::string> from_json_list(const std::string& text);

}  // namespace tarsier::db
