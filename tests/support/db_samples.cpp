#include "tests/support/db_samples.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "analyzer/db/backend.h"
#include "analyzer/db/statement.h"

namespace tarsier::test {

namespace {

// Runs `sql` on an open handle, rows as query_db describes; `error` gets SQLite's message.
int collect_rows(sqlite3* db, const std::string& sql, std::string* out, std::string* error) {
  auto collect = [](void* target, int columns, char** values, char**) {
    auto* text = static_cast<std::string*>(target);
    for (int i = 0; i < columns; ++i) {
      *text += (i > 0 ? "|" : "") + std::string(values[i] != nullptr ? values[i] : "NULL");
    }
    *text += "\n";
    return 0;
  };
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), collect, out, &message);
  *error = message != nullptr ? message : "";
  sqlite3_free(message);
  return rc;
}

}  // namespace

std::string query_db(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  std::string message;
  int rc = collect_rows(db, sql, &out, &message);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
  return out;
}

std::string try_query_db(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "";
  }
  sqlite3_busy_timeout(db, 5000);
  std::string out;
  std::string message;
  int rc = collect_rows(db, sql, &out, &message);
  sqlite3_close(db);
  return rc == SQLITE_OK ? out : "";
}

std::string query_rows(const std::string& target, const std::string& sql) {
  auto opened = db::open_backend(target, db::OpenMode::read_only);
  INFO((opened ? "" : opened.error().str()));
  REQUIRE(opened);
  std::unique_ptr<db::Backend> backend = std::move(*opened);
  db::Statement s = must(db::Statement::prepare(backend.get(), sql));
  std::string out;
  must(s.each([&](const db::Statement& row) {
    for (int i = 0; i < row.columns(); ++i) {
      out += (i > 0 ? "|" : "") + (row.is_null(i) ? std::string("NULL") : row.text(i));
    }
    out += "\n";
  }));
  return out;
}

Finding sample_finding(std::string rule, std::string capability, Risk severity, std::string file) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = std::move(capability);
  f.severity = severity;
  f.message = "message for " + f.rule;
  f.file = std::move(file);
  return f;
}

PackageResult sample_result(const std::string& version, const std::string& integrity, Risk risk,
                            std::vector<std::string> capabilities,
                            std::vector<std::string> threats) {
  PackageResult r;
  r.ref.name = "fetchy";
  r.ref.version = version;
  r.ref.integrity = integrity;
  r.integrity = integrity;
  r.risk = risk;
  r.capabilities = std::move(capabilities);
  r.threats = std::move(threats);
  for (const auto& c : r.capabilities) {
    r.findings.push_back(sample_finding("rule-" + c, c, Risk::low, "lib/" + c + ".js"));
  }
  r.analysis = {r.risk, r.threats};  // no context or policy: the verdict is the analysis
  return r;
}

ScanRecord sample_scan_record() {
  ScanRecord r;
  r.command = "scan";
  r.inputs = {"package-lock.json"};
  r.tool_version = "0.1.0";
  r.ruleset_version = "rules-1";
  return r;
}

}  // namespace tarsier::test
