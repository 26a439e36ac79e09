// Watch state and alerts in the risk database (migration 4).
#include <catch2/catch.hpp>

#include "analyzer/db/alert_store.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/db/watch_store.h"
#include "tests/support/db_samples.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

RegistryVersion listed(const std::string& version) {
  RegistryVersion v;
  v.version = version;
  v.publisher = "alice";
  v.maintainers = {"alice", "bob"};
  v.dependencies = {"left-pad"};
  v.file_count = 12;
  return v;
}

AlertRecord sample_alert(const std::string& key) {
  AlertRecord a;
  a.dedup_key = key;
  a.type = "new-capability";
  a.severity = Risk::high;
  a.ecosystem = "npm";
  a.name = "fetchy";
  a.version = "2.2.0";
  a.message = "capability 'shell' appears for the first time";
  a.evidence = R"({"capability":"shell"})";
  return a;
}

}  // namespace

TEST_CASE("the first document is history, later versions are pending until done", "[db][watch]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto db = must(RiskDb::open(path));
  auto store = must(WatchStore::open(path));
  REQUIRE(store);
  auto target = store->ensure_target("npm", "fetchy");
  REQUIRE(target);
  CHECK(target->ok_at.empty());

  auto added = store->record_document(*target, "\"e1\"", "", "2.1.0",
                                      {listed("2.0.0"), listed("2.1.0")}, "");
  REQUIRE(added);
  CHECK(added->empty());
  target = store->ensure_target("npm", "fetchy");
  CHECK(target->etag == "\"e1\"");
  CHECK(target->latest == "2.1.0");
  CHECK_FALSE(target->ok_at.empty());

  added = store->record_document(*target, "\"e2\"", "", "2.2.0",
                                 {listed("2.0.0"), listed("2.1.0"), listed("2.2.0")}, "");
  REQUIRE(added);
  CHECK(*added == std::vector<std::string>{"2.2.0"});
  auto versions = must(store->versions(target->id));
  REQUIRE(versions.size() == 3);
  CHECK(versions[0].state == "history");
  CHECK(versions[2].state == "pending");
  CHECK(versions[2].maintainers == std::vector<std::string>{"alice", "bob"});
  CHECK(versions[2].file_count == 12);
  CHECK_FALSE(versions[2].unpacked_size);

  REQUIRE(store->note_version_error(target->id, "2.2.0", "HTTP 500"));
  CHECK(must(store->versions(target->id))[2].state == "pending");
  REQUIRE(store->finish_version(target->id, "2.2.0"));
  CHECK(must(store->versions(target->id))[2].state == "done");

  REQUIRE(store->record_failure(target->id, "HTTP 503", "2030-01-01T00:00:00.000Z"));
  REQUIRE(store->record_failure(target->id, "HTTP 503", "2030-01-01T00:00:00.000Z"));
  target = store->ensure_target("npm", "fetchy");
  CHECK(target->failures == 2);
  CHECK(target->last_error == "HTTP 503");
  REQUIRE(store->record_unchanged(target->id, ""));
  target = store->ensure_target("npm", "fetchy");
  CHECK(target->failures == 0);
  CHECK(target->last_error.empty());
}

TEST_CASE("an alert is stored once per dedup key with one delivery per sink", "[db][watch]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto db = must(RiskDb::open(path));
  auto store = must(AlertStore::open(path));
  REQUIRE(store);
  bool inserted = false;
  auto id = store->raise(sample_alert("k1"), {"jsonl:-", "webhook:h#1"}, &inserted);
  REQUIRE(id);
  CHECK(inserted);
  auto again = store->raise(sample_alert("k1"), {"jsonl:-", "webhook:h#1"}, &inserted);
  REQUIRE(again);
  CHECK(*again == *id);
  CHECK_FALSE(inserted);
  CHECK(query_db(path, "SELECT count(*) FROM alerts") == "1\n");
  CHECK(query_db(path, "SELECT count(*) FROM alert_deliveries") == "2\n");

  auto due = must(store->due("webhook:h#1", "9999"));
  REQUIRE(due.size() == 1);
  CHECK(due[0].second.message == sample_alert("k1").message);
  REQUIRE(store->mark_failed(*id, "webhook:h#1", "HTTP 500", "2999-01-01T00:00:00.000Z"));
  CHECK(must(store->due("webhook:h#1", "2998")).empty());
  CHECK(must(store->next_attempt({"webhook:h#1"})) == "2999-01-01T00:00:00.000Z");
  REQUIRE(store->mark_delivered(*id, "webhook:h#1"));
  CHECK(must(store->due("webhook:h#1", "9999")).empty());
  auto deliveries = must(store->deliveries(*id));
  REQUIRE(deliveries.size() == 2);
  CHECK(deliveries[1].state == "delivered");
  CHECK(deliveries[1].attempts == 2);

  CHECK(must(store->list(false)).size() == 1);
  REQUIRE(store->acknowledge(*id, "carol"));
  CHECK(must(store->list(false)).empty());
  CHECK(must(store->list(true))[0].acked_by == "carol");
  auto missing = store->acknowledge(999, "carol");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().str() == "no alert with id 999");
}
