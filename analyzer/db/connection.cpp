#include "analyzer/db/connection.h"

#include <nlohmann/json.hpp>

namespace tarsier::db {

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, OpenMode mode) {
  auto backend = open_backend(path, mode);
  if (!backend) {
    return backend.error();
  }
  std::unique_ptr<Connection> c(new Connection());
  c->m_path = path;
  c->m_backend = std::move(*backend);
  return c;
}

Result<void> Connection::begin() {
  return m_backend->begin();
}

Result<void> Connection::commit() {
  return m_backend->commit();
}

void Connection::rollback() {
  m_backend->rollback();
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
