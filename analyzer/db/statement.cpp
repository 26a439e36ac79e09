#include "analyzer/db/statement.h"

namespace tarsier::db {

Result<Statement> Statement::prepare(Backend* db, std::string_view sql) {
  auto cursor = db->prepare(sql);
  if (!cursor) {
    return cursor.error();
  }
  return Statement(std::move(*cursor));
}

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

Result<bool> Statement::step() {
  return m_cursor->step();
}

Result<void> Statement::run() {
  return each([](const Statement&) {});
}

Result<void> Statement::each(const std::function<void(const Statement&)>& on_row) {
  for (;;) {
    auto row = m_cursor->step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return {};
    }
    on_row(*this);
  }
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

Result<void> exec(Backend* db, std::string_view sql) {
  return db->exec(sql);
}

Result<void> in_transaction(Backend* db, const std::function<Result<void>()>& body) {
  auto begun = db->begin();
  if (!begun) {
    return begun;
  }
  auto done = body();
  if (done) {
    done = db->commit();
  }
  if (!done) {
    db->rollback();
  }
  return done;
}

}  // namespace tarsier::db
