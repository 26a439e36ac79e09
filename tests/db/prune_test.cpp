// Retention: db::prune_database drops old scans and the analyses nothing uses any more, by age or
// by count per project, but never a project's latest scan, a running scan or a watched package's
// history.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "analyzer/db/file_result_store.h"
#include "analyzer/db/prune.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

void write_db(const std::string& path, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &handle) == SQLITE_OK);
  int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(handle);
  REQUIRE(rc == SQLITE_OK);
}

struct PruneBox {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  std::unique_ptr<RiskDb> db;

  PruneBox() {
    db = must(RiskDb::open(path));
    REQUIRE(db);
  }

  int64_t scan(const std::string& project, const std::string& version, bool finish = true) {
    ScanRecord record = sample_scan_record();
    record.project = project;
    int64_t id = must(db->begin_scan(record));
    REQUIRE(id > 0);
    must(db->record_package(id,
                            sample_result(version, "sha512-" + version, Risk::low, {"network"})));
    if (finish) {
      must(db->finish_scan(id, ScanTotals{1, 1, 0, 0, 0}));
    }
    return id;
  }

  void age(const std::string& where) {
    write_db(path, "UPDATE scans SET started_at = '2020-01-01T00:00:00.000Z' WHERE " + where);
    write_db(path, "UPDATE analyses SET analyzed_at = '2020-01-01T00:00:00.000Z'");
  }

  db::PruneStats prune(const std::string& before, int keep_scans) {
    auto stats = db::prune_database(path, {before, keep_scans, "test"});
    INFO((stats ? "" : stats.error().str()));
    REQUIRE(stats);
    return *stats;
  }

  std::string scans() { return query_db(path, "SELECT id FROM scans ORDER BY id"); }
  std::string versions() {
    return query_db(path,
                    "SELECT p.version FROM analyses a JOIN packages p ON p.id = a.package_id "
                    "ORDER BY p.version");
  }
};

}  // namespace

TEST_CASE("prune by age keeps each project's latest scan and running scans", "[db][prune]") {
  PruneBox box;
  box.scan("web", "1.0.0");         // 1
  box.scan("web", "1.1.0");         // 2
  box.scan("web", "1.2.0");         // 3: latest of web
  box.scan("api", "2.0.0");         // 4: latest (and only) of api
  box.scan("web", "1.3.0", false);  // 5: still running
  box.age("id IN (1, 2, 4, 5)");
  auto stats = box.prune("2021-01-01T00:00:00.000Z", -1);
  CHECK(stats.scans == 2);
  CHECK(box.scans() == "3\n4\n5\n");
  CHECK(stats.analyses == 2);
  CHECK(box.versions() == "1.2.0\n1.3.0\n2.0.0\n");
  // Package rows stay: the integrity history of every version seen.
  CHECK(query_db(box.path, "SELECT count(*) FROM packages") == "5\n");
  // Nothing is old enough a second time.
  CHECK(box.prune("2021-01-01T00:00:00.000Z", -1).scans == 0);
}

TEST_CASE("prune by count keeps the newest scans of each project", "[db][prune]") {
  PruneBox box;
  box.scan("web", "1.0.0");
  box.scan("web", "1.1.0");
  box.scan("web", "1.2.0");
  box.scan("api", "2.0.0");
  auto stats = box.prune("", 2);
  CHECK(stats.scans == 1);
  CHECK(box.scans() == "2\n3\n4\n");
  CHECK(box.versions() == "1.1.0\n1.2.0\n2.0.0\n");
}

TEST_CASE("prune keeps the analyses of watched packages", "[db][prune]") {
  PruneBox box;
  box.scan("web", "1.0.0");
  box.scan("web", "1.1.0");
  write_db(box.path,
           "INSERT INTO watch_targets (ecosystem, name, added_at) VALUES ('npm', 'fetchy', "
           "'2020-01-01T00:00:00.000Z')");
  box.age("id = 1");
  auto stats = box.prune("2021-01-01T00:00:00.000Z", -1);
  CHECK(stats.scans == 1);
  CHECK(stats.analyses == 0);
  CHECK(box.versions() == "1.0.0\n1.1.0\n");
}

TEST_CASE("prune drops stored file outcomes of other analyzer versions and older than the cutoff",
          "[db][prune][file-cache][postgres]") {
  TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  std::string target =
      backend == "postgresql" ? PostgresServer::shared().fresh_database() : dir.path() + "/risk.db";
  auto db = must(RiskDb::open(target));
  REQUIRE(db);
  ScanRecord record = sample_scan_record();
  record.project = "web";
  int64_t id = must(db->begin_scan(record));
  must(db->record_package(id, sample_result("1.0.0", "sha512-a", Risk::low, {})));
  must(db->finish_scan(id, ScanTotals{1, 1, 0, 0, 0}));
  const std::string current = RiskDb::analyzer_version(record.tool_version, record.ruleset_version);
  auto opened = FileResultStore::open(target);
  REQUIRE(opened);
  std::unique_ptr<FileResultStore> store = std::move(*opened);
  REQUIRE(store->put({{"k1", "outcome"}, {"k2", "outcome"}}, current));
  REQUIRE(store->put({{"k1", "outcome"}}, "0.0.9/rules-0"));
  auto count = [&](const std::string& version) {
    auto rows = store->count(version);
    REQUIRE(rows);
    return *rows;
  };

  auto stats = db::prune_database(target, {"", -1, "test"});
  INFO((stats ? "" : stats.error().str()));
  REQUIRE(stats);
  CHECK(stats->file_results == 1);
  CHECK(count("0.0.9/rules-0") == 0);
  CHECK(count(current) == 2);

  stats = db::prune_database(target, {"2000-01-01T00:00:00.000Z", -1, "test"});
  REQUIRE(stats);
  CHECK(stats->file_results == 0);
  stats = db::prune_database(target, {"2999-01-01T00:00:00.000Z", -1, "test"});
  REQUIRE(stats);
  CHECK(stats->file_results == 2);
  CHECK(stats->analyses == 0);  // the project's latest scan keeps its analysis
  CHECK(count(current) == 0);
}
