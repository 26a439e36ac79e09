// Thin RAII helpers over the SQLite C API for the risk database: a prepared statement with typed
// binds and reads, and an error string that names the database file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tarsier::db {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql, std::string* error);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool valid() const { return m_stmt != nullptr; }

  // Binds are 1-based like SQLite's; text is copied.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);

  // One step: true when a row is available. `*error` is set (and false returned) on failure.
  bool step(std::string* error);
  // Runs to completion, ignoring rows; false with `error` on failure.
  bool run(std::string* error);
  // Clears bindings and resets, so the statement can be reused.
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
};

// Runs one or more statements without results; false with `error` on failure.
bool exec(sqlite3* db, std::string_view sql, std::string* error);

}  // namespace tarsier::db
