// A read-write connection to an existing, migrated risk database (RiskDb::open creates and
// migrates it): a SQLite file with the same settings as RiskDb, or a PostgreSQL URI. Used by
// the stores that keep their own tables (watch state, alerts). Also the JSON list helpers every
// store shares.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/db/backend.h"

namespace tarsier::db {

class Connection {
 public:
  ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // An error when the database cannot be opened.
  static Result<std::unique_ptr<Connection>> open(const std::string& path,
                                                  OpenMode mode = OpenMode::read_write);

  Backend* handle() const { return m_backend.get(); }
  const std::string& path() const { return m_path; }

  // A write transaction / COMMIT / ROLLBACK.
  Result<void> begin();
  Result<void> commit();
  void rollback();

 private:
  Connection() = default;
  std::unique_ptr<Backend> m_backend;
  std::string m_path;
};

// A JSON array of strings, and back (anything else reads as an empty list).
std::string to_json_list(const std::vector<std::string>& items);
std::vector<std::string> from_json_list(const std::string& text);

}  // namespace tarsier::db
