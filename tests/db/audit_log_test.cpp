// The hash-chained audit log: alerts raised, delivered and acknowledged are logged in the same
// transaction; db::verify_audit finds an edited, removed or inserted entry and an alert changed
// or deleted behind the log's back, and accepts a prune.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "analyzer/db/alert_store.h"
#include "analyzer/db/audit_log.h"
#include "analyzer/db/connection.h"
#include "analyzer/db/prune.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

AlertRecord alert(const std::string& key) {
  AlertRecord a;
  a.dedup_key = key;
  a.type = "install-script-added";
  a.severity = Risk::high;
  a.ecosystem = "npm";
  a.name = "tiny-pad";
  a.version = "1.0.1";
  a.message = "an install script appears";
  a.evidence = R"({"script":"node setup.js"})";
  return a;
}

struct AuditedDb {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  std::unique_ptr<RiskDb> risk_db;
  std::unique_ptr<AlertStore> alerts;

  AuditedDb() {
    risk_db = must(RiskDb::open(path));
    alerts = must(AlertStore::open(path));
    REQUIRE(alerts);
    bool inserted = false;
    for (const char* key : {"k1", "k2", "k3"}) {
      REQUIRE(alerts->raise(alert(key), {"jsonl:-"}, &inserted));
      REQUIRE(inserted);
    }
    REQUIRE(alerts->raise(alert("k1"), {"jsonl:-"}, &inserted));  // deduplicated
    CHECK_FALSE(inserted);
    REQUIRE(alerts->mark_delivered(1, "jsonl:-"));
    REQUIRE(alerts->acknowledge(2, "carol"));
    REQUIRE(alerts->acknowledge(2, "dave"));  // already acknowledged: no new entry
  }

  db::AuditVerification verify() const {
    auto connection = db::Connection::open(path, db::OpenMode::read_only);
    REQUIRE(connection);
    auto result = db::verify_audit((*connection)->handle());
    INFO((result ? "" : result.error().str()));
    REQUIRE(result);
    return *result;
  }

  // Raw SQL, as someone with write access to the file could run it.
  void tamper(const std::string& sql) const {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &handle) == SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
  }

  bool problem_with(const std::string& text) const {
    for (const auto& p : verify().problems) {
      if (p.find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
};

constexpr const char* k_drop_triggers =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ";

}  // namespace

TEST_CASE("alerts are logged in a hash chain that verifies intact", "[db][audit]") {
  AuditedDb box;
  auto result = box.verify();
  CHECK(result.problems.empty());
  CHECK(result.entries == 5);  // three raised, one delivered, one acknowledged
  CHECK(result.head.size() == 64);
  CHECK(query_db(box.path, "SELECT event, actor, subject FROM audit_log WHERE id = 5") ==
        "alert-acknowledged|carol|alert:2\n");
  CHECK(query_db(box.path, "SELECT prev_hash FROM audit_log WHERE id = 1") ==
        std::string(db::k_audit_genesis) + "\n");
}

TEST_CASE("the audit log refuses updates and deletes through SQL", "[db][audit]") {
  AuditedDb box;
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(box.path.c_str(), &handle) == SQLITE_OK);
  CHECK(sqlite3_exec(handle, "UPDATE audit_log SET actor = 'x'", nullptr, nullptr, nullptr) !=
        SQLITE_OK);
  CHECK(sqlite3_exec(handle, "DELETE FROM audit_log", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(handle);
  CHECK(box.verify().problems.empty());
}

TEST_CASE("an edited, removed or inserted audit entry breaks the chain", "[db][audit]") {
  AuditedDb box;
  SECTION("edited") {
    box.tamper(std::string(k_drop_triggers) +
               "UPDATE audit_log SET actor = 'mallory' WHERE id = 5");
    CHECK(box.problem_with("audit entry 5: content does not match its hash"));
  }
  SECTION("removed") {
    box.tamper(std::string(k_drop_triggers) + "DELETE FROM audit_log WHERE id = 3");
    CHECK(box.problem_with("audit entry 4: expected entry 3"));
    CHECK(box.problem_with("audit entry 4: does not follow"));
  }
  SECTION("inserted with a matching hash but out of the chain") {
    box.tamper(
        "INSERT INTO audit_log (id, at, event, actor, subject, details, prev_hash, hash) "
        "VALUES (6, '2030-01-01T00:00:00.000Z', 'alert-acknowledged', 'mallory', 'alert:3', "
        "'{}', 'feed', 'beef')");
    CHECK(box.problem_with("audit entry 6: does not follow"));
  }
}

TEST_CASE("alerts changed or deleted behind the audit log are detected", "[db][audit]") {
  AuditedDb box;
  SECTION("severity lowered") {
    box.tamper("UPDATE alerts SET severity = 'low' WHERE id = 1");
    CHECK(box.problem_with("alert 1: differs from the audit log entry"));
  }
  SECTION("acknowledged silently") {
    box.tamper(
        "UPDATE alerts SET acked_at = '2030-01-01T00:00:00.000Z', acked_by = 'x' "
        "WHERE id = 3");
    CHECK(box.problem_with("alert 3: acknowledgement differs"));
  }
  SECTION("deleted") {
    box.tamper("DELETE FROM alerts WHERE id = 3");
    CHECK(box.problem_with("alert 3: deleted outside tarsier db prune"));
  }
  SECTION("delivery marked without sending") {
    box.tamper("UPDATE alert_deliveries SET state = 'delivered' WHERE alert_id = 3");
    CHECK(box.problem_with("alert 3: delivery to jsonl:- is not in the audit log"));
  }
  SECTION("inserted") {
    box.tamper(
        "INSERT INTO alerts (dedup_key, raised_at, type, severity, ecosystem, name, version, "
        "message) VALUES ('forged', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'risk-raised', "
        "'high', 'npm', 'x', '1', 'forged')");
    CHECK(box.problem_with("alert 4: not in the audit log"));
  }
}

TEST_CASE("a prune removes only acknowledged old alerts and keeps the chain intact",
          "[db][audit][prune]") {
  AuditedDb box;
  box.tamper("UPDATE alerts SET raised_at = '2020-01-01T00:00:00.000Z'");
  db::PruneOptions options;
  options.before = "2021-01-01T00:00:00.000Z";
  options.actor = "ops";
  auto stats = db::prune_database(box.path, options);
  INFO((stats ? "" : stats.error().str()));
  REQUIRE(stats);
  CHECK(stats->alerts == 1);  // alert 2, the acknowledged one
  CHECK(query_db(box.path, "SELECT id FROM alerts ORDER BY id") == "1\n3\n");
  auto result = box.verify();
  CHECK(result.problems.empty());
  CHECK(query_db(box.path, "SELECT event, actor FROM audit_log ORDER BY id DESC LIMIT 1") ==
        "db-pruned|ops\n");
}
