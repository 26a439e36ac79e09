#include "analyzer/db/pg_backend.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include "analyzer/db/dialect.h"

namespace tarsier::db {

namespace {

// The advisory lock key every tarsier process takes while it migrates ("tarsier" in ASCII).
constexpr std::string_view k_schema_lock = "SELECT pg_advisory_xact_lock(126879199684978)";

std::string error_text(PGconn* conn, const PGresult* result) {
  const char* message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  std::string text = message != nullptr ? message : "unknown error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

bool succeeded(const PGresult* result) {
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

class PgCursor : public Cursor {
 public:
  PgCursor(PGconn* conn, std::string name, int params)
      : m_conn(conn), m_name(std::move(name)), m_params(static_cast<size_t>(params)) {}
  ~PgCursor() override { PQclear(m_result); }
  PgCursor(const PgCursor&) = delete;
  PgCursor& operator=(const PgCursor&) = delete;

  void bind_text(int index, std::string_view text) override { slot(index) = std::string(text); }
  void bind_int(int index, int64_t value) override { slot(index) = std::to_string(value); }
  void bind_null(int index) override { slot(index).reset(); }

  Result<bool> step() override {
    if (m_result == nullptr) {
      auto ran = run();
      if (!ran) {
        return ran.error();
      }
    }
    return ++m_row < PQntuples(m_result);
  }

  void reset() override {
    PQclear(m_result);
    m_result = nullptr;
    m_row = -1;
    for (auto& p : m_params) {
      p.reset();
    }
  }

  std::string text(int column) const override {
    return std::string(PQgetvalue(m_result, m_row, column),
                       static_cast<size_t>(PQgetlength(m_result, m_row, column)));
  }
  // Booleans arrive as "t" and "f" and read as 1 and 0, like SQLite's comparisons.
  int64_t integer(int column) const override {
    const char* value = PQgetvalue(m_result, m_row, column);
    if (value[0] == 't' || value[0] == 'f') {
      return value[0] == 't' ? 1 : 0;
    }
    return std::strtoll(value, nullptr, 10);
  }
  bool is_null(int column) const override { return PQgetisnull(m_result, m_row, column) != 0; }
  // By type oid: bool, int8, int2, int4 and oid read as integers; float4, float8 and numeric as
  // reals.
  ValueKind kind(int column) const override {
    if (is_null(column)) {
      return ValueKind::null;
    }
    switch (PQftype(m_result, column)) {
      case 16:
      case 20:
      case 21:
      case 23:
      case 26:
        return ValueKind::integer;
      case 700:
      case 701:
      case 1700:
        return ValueKind::real;
      default:
        return ValueKind::text;
    }
  }
  int columns() const override { return m_result != nullptr ? PQnfields(m_result) : 0; }
  std::string column_name(int column) const override {
    const char* name = m_result != nullptr ? PQfname(m_result, column) : nullptr;
    return name != nullptr ? name : "";
  }
  int64_t changes() const override {
    const char* count = m_result != nullptr ? PQcmdTuples(m_result) : "";
    return count[0] != '\0' ? std::strtoll(count, nullptr, 10) : 0;
  }

 private:
  std::optional<std::string>& slot(int index) {
    if (static_cast<size_t>(index) > m_params.size()) {
      m_params.resize(static_cast<size_t>(index));
    }
    return m_params[static_cast<size_t>(index) - 1];
  }

  Result<void> run() {
    std::vector<const char*> values;
    for (const auto& p : m_params) {
      values.push_back(p ? p->c_str() : nullptr);
    }
    m_result = PQexecPrepared(m_conn, m_name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0);
    m_row = -1;
    if (!succeeded(m_result)) {
      return db_error(error_text(m_conn, m_result));
    }
    return {};
  }

  PGconn* m_conn;
  std::string m_name;
  std::vector<std::optional<std::string>> m_params;
  PGresult* m_result = nullptr;
  int m_row = -1;
};

// The highest $N of a translated statement.
int count_params(const std::string& sql) {
  int highest = 0;
  for (size_t at = sql.find('$'); at != std::string::npos; at = sql.find('$', at + 1)) {
    highest = std::max(highest, std::atoi(sql.c_str() + at + 1));
  }
  return highest;
}

class PgBackend : public Backend {
 public:
  explicit PgBackend(PGconn* conn) : m_conn(conn) {}
  ~PgBackend() override { PQfinish(m_conn); }
  PgBackend(const PgBackend&) = delete;
  PgBackend& operator=(const PgBackend&) = delete;

  Dialect dialect() const override { return Dialect::postgres; }

  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) override {
    std::string text = to_postgres(sql);
    auto it = m_prepared.find(text);
    if (it == m_prepared.end()) {
      std::string name = "tarsier_" + std::to_string(m_prepared.size() + 1);
      PGresult* result = PQprepare(m_conn, name.c_str(), text.c_str(), 0, nullptr);
      if (!succeeded(result)) {
        std::string message = error_text(m_conn, result) + " in: " + std::string(sql.substr(0, 80));
        PQclear(result);
        return db_error(message);
      }
      PQclear(result);
      it = m_prepared.emplace(text, std::make_pair(name, count_params(text))).first;
    }
    return std::unique_ptr<Cursor>(
        std::make_unique<PgCursor>(m_conn, it->second.first, it->second.second));
  }

  Result<void> exec(std::string_view sql) override {
    PGresult* result = PQexec(m_conn, to_postgres(sql).c_str());
    if (!succeeded(result)) {
      std::string message = error_text(m_conn, result);
      PQclear(result);
      return db_error(message);
    }
    PQclear(result);
    return {};
  }

  Result<void> begin() override { return exec("BEGIN"); }
  Result<void> lock_schema() override {
    auto locked = exec(k_schema_lock);
    if (!locked) {
      return locked;
    }
    return exec("CREATE TABLE IF NOT EXISTS tarsier_schema (version INTEGER NOT NULL)");
  }

  Result<int64_t> schema_version() override {
    auto cursor = prepare("SELECT max(version) FROM tarsier_schema");
    if (!cursor) {
      return cursor.error();
    }
    auto row = (*cursor)->step();
    if (!row) {
      return row.error();
    }
    return *row && !(*cursor)->is_null(0) ? (*cursor)->integer(0) : int64_t{0};
  }
  Result<void> set_schema_version(int64_t version) override {
    return exec("DELETE FROM tarsier_schema; INSERT INTO tarsier_schema (version) VALUES (" +
                std::to_string(version) + ")");
  }

 private:
  PGconn* m_conn;
  std::map<std::string, std::pair<std::string, int>> m_prepared;  // text -> name, parameters
};

void ignore_notice(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<Backend>> open_postgres(const std::string& uri, OpenMode mode) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string message = display_target(uri) + ": cannot connect: " + error_text(conn, nullptr);
    PQfinish(conn);
    return db_error(message);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto backend = std::make_unique<PgBackend>(conn);
  // A read-only connection runs every transaction READ ONLY: the server refuses any write.
  std::string settings = "SET client_min_messages = warning";
  if (mode == OpenMode::read_only) {
    settings += "; SET default_transaction_read_only = on";
  }
  auto applied = backend->exec(settings);
  if (!applied) {
    return db_error(display_target(uri) + ": " + applied.error().message());
  }
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace tarsier::db
