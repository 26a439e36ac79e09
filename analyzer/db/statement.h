// A prepared statement of either backend (backend.h) with typed binds and reads, and the
// statement runner the stores share.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/db/backend.h"

namespace tarsier::db {

class Statement {
 public:
  Statement() = default;
  // A prepared statement, or the backend's error (it names the start of the SQL).
  static Result<Statement> prepare(Backend* db, std::string_view sql);

  bool valid() const { return m_cursor != nullptr; }

  // Binds are 1-based like SQLite's; text is copied.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);

  // One step: true when a row is available, false at the end, or the error.
  Result<bool> step();
  // Runs to completion, ignoring rows.
  Result<void> run();
  // Steps through every row, calling `on_row` with each.
  Result<void> each(const std::function<void(const Statement&)>& on_row);
  // Clears bindings and resets, so the statement can be reused.
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;
  int columns() const;
  // Rows the last run inserted, updated or deleted.
  int64_t changes() const;

 private:
  explicit Statement(std::unique_ptr<Cursor> cursor) : m_cursor(std::move(cursor)) {}
  std::unique_ptr<Cursor> m_cursor;
};

// Runs one or more statements without results.
Result<void> exec(Backend* db, std::string_view sql);

// Runs `body` in a write transaction: commits when it succeeds, rolls back when it or the
// commit fails, and returns the first error.
Result<void> in_transaction(Backend* db, const std::function<Result<void>()>& body);

}  // namespace tarsier::db
