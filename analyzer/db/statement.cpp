#include "analyzer/db/statement.h"

namespace tarsier::db {

Statement::Statement(Backend* db, std::string_view sql, std::string* error)
    : m_cursor(db->prepare(sql, error)) {}

Statement& Statement::bind(int index, std::string_view text) {
  m_cursor->bind_text(index, text);
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  m_cursor->bind_int(index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  m_cursor->bind_null(index);
  return *this;
}

bool Statement::step(std::string* error) {
  return m_cursor->step(error);
}

bool Statement::run(std::string* error) {
  std::string detail;
  while (m_cursor->step(&detail)) {
  }
  if (!detail.empty()) {
    *error = detail;
    return false;
  }
  return true;
}

void Statement::reset() {
  m_cursor->reset();
}

std::string Statement::text(int column) const {
  return m_cursor->text(column);
}

int64_t Statement::integer(int column) const {
  return m_cursor->integer(column);
}

bool Statement::is_null(int column) const {
  return m_cursor->is_null(column);
}

int Statement::columns() const {
  return m_cursor->columns();
}

int64_t Statement::changes() const {
  return m_cursor->changes();
}

bool exec(Backend* db, std::string_view sql, std::string* error) {
  return db->exec(sql, error);
}

}  // namespace tarsier::db
