// Suppressions and file hashes in the risk database (migration 2), and the upgrade of a schema 1
// database.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "analyzer/core/finding_identity.h"
#include "analyzer/db/migrations.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {}  // namespace

TEST_CASE("suppressions are stored per scan, the shared analysis stays unsuppressed", "[db]") {
  TempDir dir;
  std::string path = dir.path() + "/risk.db";
  auto db = must(RiskDb::open(path));
  REQUIRE(db != nullptr);

  PackageResult analysed = sample_result("2.1.0", "sha512-AAAA", Risk::medium, {"env", "network"});
  analysed.file_sha256 = {{"lib/network.js", std::string(64, 'a')}};
  PackageResult reported = analysed;
  reported.findings[1].suppressed = true;
  reported.findings[1].suppression_reason = "HTTP client by design";
  reported.risk = Risk::low;

  ScanRecord with_policy = sample_scan_record();
  with_policy.policy = ".tarsier.yml";
  int64_t first = must(db->begin_scan(with_policy));
  must(db->record_package(first, reported));
  must(db->finish_scan(first, ScanTotals{1, 1, 0, 0, 1}));

  CHECK(query_db(path, "SELECT policy, suppressed FROM scans") == ".tarsier.yml|1\n");
  CHECK(query_db(path, "SELECT risk FROM analyses") == "medium\n");
  CHECK(query_db(path, "SELECT risk FROM scan_packages") == "low\n");
  CHECK(query_db(path,
                 "SELECT rule, suppressed, suppression_reason FROM scan_findings ORDER BY rule") ==
        "rule-env|0|NULL\nrule-network|1|HTTP client by design\n");
  CHECK(query_db(path, "SELECT path, sha256 FROM analysis_files") ==
        "lib/network.js|" + std::string(64, 'a') + "\n");
  // Every finding carries its identity (migration 3).
  CHECK(query_db(path, "SELECT fingerprint FROM scan_findings WHERE rule = 'rule-network'") ==
        finding_fingerprint(reported.findings[1]) + "\n");

  SECTION("a cached result comes back unsuppressed, with its file hashes") {
    auto cached =
        db->find_cached(analysed.ref, "sha512-AAAA", RiskDb::analyzer_version("0.1.0", "rules-1"));
    REQUIRE(cached.has_value());
    CHECK(cached->analysis.risk == Risk::medium);
    REQUIRE(cached->findings.size() == 2);
    CHECK_FALSE(cached->findings[1].suppressed);
    CHECK(cached->file_sha256 == analysed.file_sha256);

    // A second scan without a policy reuses the analysis and suppresses nothing.
    int64_t second = must(db->begin_scan(sample_scan_record()));
    must(db->record_package(second, *cached));
    CHECK(query_db(path, "SELECT count(*) FROM findings") == "2\n");
    CHECK(query_db(path, "SELECT sum(suppressed) FROM scan_findings WHERE scan_id = " +
                             std::to_string(second)) == "0\n");
    CHECK(query_db(path, "SELECT sum(suppressed) FROM scan_findings WHERE scan_id = " +
                             std::to_string(first)) == "1\n");
  }
}

TEST_CASE("a schema 1 database is upgraded in place", "[db]") {
  TempDir dir;
  std::string path = dir.path() + "/old.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    std::string v1(db::migrations()[0]);
    REQUIRE(sqlite3_exec(raw, v1.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw,
                         "PRAGMA user_version = 1; INSERT INTO scans (started_at, command, "
                         "tool_version, ruleset_version) VALUES ('2025-01-01T00:00:00.000Z', "
                         "'scan', '0.0.9', 'r')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = must(RiskDb::open(path));
  REQUIRE(db != nullptr);
  CHECK(db->schema_version() == static_cast<int>(db::migrations().size()));
  CHECK(query_db(path, "SELECT command, policy, suppressed FROM scans") == "scan||NULL\n");
  // Schema 4: an old unfinished scan has no process to check, so it is never marked interrupted.
  CHECK(must(db->begin_scan(sample_scan_record())) > 0);
  CHECK(query_db(path, "SELECT pid, host, interrupted_at FROM scans WHERE id = 1") ==
        "NULL||NULL\n");
  CHECK(query_db(path, "SELECT count(*) FROM finding_suppressions") == "0\n");
}
