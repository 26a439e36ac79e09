// The database backends of the risk database: an embedded SQLite file (the default) or a shared
// PostgreSQL server reached through libpq ("postgresql://..." or "postgres://..."). Every query
// of the db module is written once, in SQLite's spelling of the common subset (`?` and `?N`
// placeholders, INTEGER ids); the PostgreSQL backend rewrites the few differences through the
// dialect table of dialect.h before preparing it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/core/result.h"

namespace tarsier::db {

enum class Dialect { sqlite, postgres };

// A database failure: the backend's message (it names the target where that helps).
inline Error db_error(std::string message) {
  return make_error(ErrorKind::io, std::move(message));
}

// The kind of one value of a row, for callers that print any result (named queries).
enum class ValueKind { null, integer, real, text };

// One prepared statement of a backend. Binds are 1-based; columns 0-based.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_int(int index, int64_t value) = 0;
  virtual void bind_null(int index) = 0;
  // Runs the statement on the first call, then moves to the next row: true when a row is
  // available, false at the end, or the error.
  virtual Result<bool> step() = 0;
  // Clears bindings and results so the statement can run again.
  virtual void reset() = 0;
  virtual std::string text(int column) const = 0;
  virtual int64_t integer(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual ValueKind kind(int column) const = 0;
  // Columns of the current row, and their names (both known once step has been called).
  virtual int columns() const = 0;
  virtual std::string column_name(int column) const = 0;
  // Rows the last run inserted, updated or deleted.
  virtual int64_t changes() const = 0;
};

enum class OpenMode { read_only, read_write, create };

class Backend {
 public:
  virtual ~Backend() = default;
  virtual Dialect dialect() const = 0;
  // A prepared statement; the error names the start of the SQL.
  virtual Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) = 0;
  // Runs one or more statements without parameters or results.
  virtual Result<void> exec(std::string_view sql) = 0;
  // Starts a write transaction (SQLite takes the write lock at once).
  virtual Result<void> begin() = 0;
  Result<void> commit() { return exec("COMMIT"); }
  // Ends the open transaction; a failure leaves nothing to report (the transaction is gone).
  void rollback() { (void)exec("ROLLBACK"); }
  // Inside a transaction: waits until no other process is migrating this database.
  virtual Result<void> lock_schema() = 0;
  // The number of migrations applied (0 for a new database).
  virtual Result<int64_t> schema_version() = 0;
  virtual Result<void> set_schema_version(int64_t version) = 0;
};

// True for "postgresql://..." and "postgres://..." connection URIs.
bool is_postgres_target(std::string_view target);
// The target as it may appear in messages: a URI loses its password.
std::string display_target(const std::string& target);

// Opens a SQLite file or connects to PostgreSQL; the error names the target.
Result<std::unique_ptr<Backend>> open_backend(const std::string& target, OpenMode mode);

}  // namespace tarsier::db
