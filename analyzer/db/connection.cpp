#include "analyzer/db/connection.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "analyzer/db/sqlite_statement.h"

namespace tarsier::db {

namespace {
constexpr int k_busy_timeout_ms = 10000;
}

Connection::~Connection() {
  sqlite3_close(m_handle);
}

std::unique_ptr<Connection> Connection::open(const std::string& path, std::string* error,
                                             bool read_only) {
  std::unique_ptr<Connection> c(new Connection());
  c->m_path = path;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &c->m_handle, flags, nullptr) != SQLITE_OK) {
    *error = path + ": cannot open database: " +
             (c->m_handle != nullptr ? sqlite3_errmsg(c->m_handle) : "out of memory");
    return nullptr;
  }
  sqlite3_busy_timeout(c->m_handle, k_busy_timeout_ms);
  std::string detail;
  std::string pragmas = read_only ? "PRAGMA query_only = ON;"
                                  : "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
  if (!exec(c->m_handle, pragmas, &detail)) {
    *error = path + ": " + detail;
    return nullptr;
  }
  return c;
}

bool Connection::begin(std::string* error) {
  return exec(m_handle, "BEGIN IMMEDIATE", error);
}

bool Connection::commit(std::string* error) {
  return exec(m_handle, "COMMIT", error);
}

void Connection::rollback() {
  std::string ignored;
  exec(m_handle, "ROLLBACK", &ignored);
}

std::string to_json_list(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::vector<std::string> from_json_list(const std::string& text) {
  std::vector<std::string> out;
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace tarsier::db
