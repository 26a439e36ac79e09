// A prepared statement of either backend (backend.h) with typed binds and reads, and the
// statement runner the stores share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/db/backend.h"

namespace tarsier::db {

class Statement {
 public:
  Statement() = default;
  Statement(Backend* db, std::string_view sql, std::string* error);

  bool valid() const { return m_cursor != nullptr; }

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
  int columns() const;
  // Rows the last run inserted, updated or deleted.
  int64_t changes() const;

 private:
  std::unique_ptr<Cursor> m_cursor;
};

// Runs one or more statements without results; false with `error` on failure.
bool exec(Backend* db, std::string_view sql, std::string* error);

}  // namespace tarsier::db
