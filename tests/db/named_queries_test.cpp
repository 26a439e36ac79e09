// Named queries run read-only: a statement that writes is refused before it runs, and the
// connection itself cannot write.
#include <catch2/catch.hpp>

#include "analyzer/db/named_queries.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

TEST_CASE("named queries exist over a fresh database and return their columns", "[db][query]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  must(RiskDb::open(path));
  for (const auto& q : db::named_queries()) {
    INFO(q.name);
    auto table = db::run_named_query(path, q, "x", "2000-01-01T00:00:00.000Z");
    INFO((table ? "" : table.error().str()));
    REQUIRE(table);
    CHECK_FALSE(table->columns.empty());
    CHECK(table->rows.empty());
  }
}

TEST_CASE("a query that would write is refused and nothing changes", "[db][query]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto risk_db = must(RiskDb::open(path));
  REQUIRE(risk_db);
  REQUIRE(must(risk_db->begin_scan({"scan", {}, "1", "r", "", "p"})) > 0);
  db::NamedQuery writer{"writer", "", "", "", "DELETE FROM scans"};
  auto refused = db::run_named_query(path, writer, "", "");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().str().find("would write") != std::string::npos);
  db::NamedQuery count{"count", "", "", "", "SELECT count(*) FROM scans"};
  auto table = db::run_named_query(path, count, "", "");
  REQUIRE(table);
  CHECK(table->rows.at(0).at(0) == 1);
}
