#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "analyzer/db/migrations.h"
#include "analyzer/db/risk_db.h"
#include "tests/support/db_samples.h"

using namespace tarsier;
using tarsier::test::must;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test case, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tarsier-db-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

Finding make_finding(std::string rule, std::string capability, Risk severity, std::string file = "",
                     int line = 0) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = std::move(capability);
  f.severity = severity;
  f.message = "message for " + f.rule;
  f.file = std::move(file);
  f.line = line;
  f.column = line > 0 ? 5 : 0;
  f.snippet = line > 0 ? "require('child_process')" : "";
  return f;
}

PackageResult make_result(std::string name, std::string version, std::string integrity) {
  PackageResult r;
  r.ref.name = std::move(name);
  r.ref.version = std::move(version);
  r.ref.integrity = integrity;
  r.ref.lockfile = "package-lock.json";
  r.ref.line = 42;
  r.integrity = std::move(integrity);
  r.risk = Risk::high;
  r.capabilities = {"install-scripts", "shell"};
  r.threats = {"install-time-shell"};
  r.findings = {make_finding("js-child-process", "shell", Risk::high, "index.js", 3),
                make_finding("install-script", "install-scripts", Risk::medium, "package.json", 5)};
  r.stats = PackageStats{1000, 4, 5000, 3};
  r.analysis = {r.risk, r.threats};  // no context or policy: the verdict is the analysis
  return r;
}

ScanRecord scan_record(std::string ruleset = "rules-1") {
  return ScanRecord{"scan", {"package-lock.json"}, "0.1.0", std::move(ruleset), "", ""};
}

}  // namespace

TEST_CASE("RiskDb creates, migrates and reopens a database", "[db]") {
  TempDir dir;
  std::string path = (dir.path / "nested" / "dir" / "risk.db").string();
  {
    auto db = must(RiskDb::open(path));
    REQUIRE(db != nullptr);
    REQUIRE(db->schema_version() == static_cast<int>(db::migrations().size()));
  }
  REQUIRE(fs::exists(path));
  REQUIRE(tarsier::test::query_db(path, "PRAGMA journal_mode") == "wal\n");
  REQUIRE(tarsier::test::query_db(
              path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") ==
          "alert_deliveries\nalerts\nanalyses\nanalysis_files\naudit_log\nfile_results\n"
          "finding_suppressions\nfindings\njobs\n"
          "osv_affected\nosv_records\npackages\nregistry_versions\nscan_packages\nscans\n"
          "watch_locks\nwatch_targets\n");
  auto again = must(RiskDb::open(path));
  REQUIRE(again != nullptr);
  REQUIRE(again->schema_version() == static_cast<int>(db::migrations().size()));

  SECTION("a newer schema is refused with a clear message") {
    again.reset();
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto refused = RiskDb::open(path);
    REQUIRE_FALSE(refused);
    REQUIRE(refused.error().str().find(path) == 0);
    REQUIRE(refused.error().str().find("newer") != std::string::npos);
  }
}

TEST_CASE("RiskDb refuses a file that is not a database", "[db]") {
  TempDir dir;
  std::string path = (dir.path / "notes.txt").string();
  std::ofstream(path) << "this is definitely not SQLite, just some text that is long enough\n"
                      << std::string(4096, 'x');
  auto refused = RiskDb::open(path);
  REQUIRE_FALSE(refused);
  REQUIRE(refused.error().str().find(path + ": ") == 0);
}

TEST_CASE("RiskDb default path follows XDG_DATA_HOME", "[db]") {
  const char* saved = std::getenv("XDG_DATA_HOME");
  std::string saved_value = saved != nullptr ? saved : "";
  setenv("XDG_DATA_HOME", "/xdg/data", 1);
  REQUIRE(RiskDb::default_path() == "/xdg/data/tarsier/risk.db");
  setenv("XDG_DATA_HOME", "relative/is/ignored", 1);
  std::string fallback = RiskDb::default_path();
  REQUIRE(fallback.size() > std::string("/.local/share/tarsier/risk.db").size());
  REQUIRE(fallback.find("/.local/share/tarsier/risk.db") ==
          fallback.size() - std::string("/.local/share/tarsier/risk.db").size());
  if (saved != nullptr) {
    setenv("XDG_DATA_HOME", saved_value.c_str(), 1);
  } else {
    unsetenv("XDG_DATA_HOME");
  }
}

TEST_CASE("RiskDb records scans and serves cached results", "[db]") {
  TempDir dir;
  std::string path = (dir.path / "risk.db").string();
  auto db = must(RiskDb::open(path));
  REQUIRE(db != nullptr);
  int64_t scan = must(db->begin_scan(scan_record()));
  REQUIRE(scan > 0);

  PackageResult good = make_result("left-pad", "1.3.0", "sha512-AAAA");
  must(db->record_package(scan, good));

  PackageResult failed = make_result("gone", "2.0.0", "sha512-BBBB");
  failed.integrity.clear();
  failed.error = "HTTP 404";
  failed.findings = {make_finding("fetch-failed", "analysis", Risk::low)};
  failed.risk = Risk::low;
  failed.analysis.risk = Risk::low;
  must(db->record_package(scan, failed));
  must(db->finish_scan(scan, ScanTotals{2, 1, 1, 3, 0}));

  std::string version = RiskDb::analyzer_version("0.1.0", "rules-1");
  auto cached = db->find_cached(good.ref, "sha512-AAAA", version);
  REQUIRE(cached.has_value());
  REQUIRE(cached->result_cached);
  REQUIRE(cached->ref.name == "left-pad");
  REQUIRE(cached->integrity == "sha512-AAAA");
  REQUIRE(cached->analysis.risk == Risk::high);
  REQUIRE(cached->capabilities == good.capabilities);
  REQUIRE(cached->analysis.threats == good.threats);
  REQUIRE(cached->stats.unpacked_bytes == 5000);
  REQUIRE(cached->stats.parsed_files == 3);
  REQUIRE(cached->findings.size() == 2);
  REQUIRE(cached->findings[0].rule == "js-child-process");
  REQUIRE(cached->findings[0].file == "index.js");
  REQUIRE(cached->findings[0].line == 3);
  REQUIRE(cached->findings[0].column == 5);
  REQUIRE(cached->findings[0].snippet == "require('child_process')");
  REQUIRE(cached->findings[0].severity == Risk::high);

  SECTION("a different analyzer version, integrity or version is a miss") {
    REQUIRE_FALSE(
        db->find_cached(good.ref, "sha512-AAAA", RiskDb::analyzer_version("0.1.0", "rules-2")));
    REQUIRE_FALSE(db->find_cached(good.ref, "sha512-CCCC", version));
    REQUIRE_FALSE(db->find_cached(good.ref, "", version));
    PackageRef other = good.ref;
    other.version = "1.3.1";
    REQUIRE_FALSE(db->find_cached(other, "sha512-AAAA", version));
    REQUIRE_FALSE(db->find_cached(failed.ref, "sha512-BBBB", version));
  }

  SECTION("the rows can be read with plain SQL") {
    REQUIRE(
        tarsier::test::query_db(path,
                                "SELECT command, inputs, packages, analyzed, failed, exit_code, "
                                "finished_at IS NOT NULL FROM scans") ==
        "scan|[\"package-lock.json\"]|2|1|1|3|1\n");
    REQUIRE(tarsier::test::query_db(
                path, "SELECT name, version, integrity FROM packages ORDER BY name") ==
            "gone|2.0.0|sha512-BBBB\nleft-pad|1.3.0|sha512-AAAA\n");
    REQUIRE(tarsier::test::query_db(
                path,
                "SELECT p.name, sp.risk, sp.error, sp.analysis_id IS NOT NULL, sp.line "
                "FROM scan_packages sp JOIN packages p ON p.id = sp.package_id "
                "ORDER BY p.name") == "gone|low|HTTP 404|0|42\nleft-pad|high|NULL|1|42\n");
    REQUIRE(tarsier::test::query_db(path, "SELECT rule FROM scan_findings ORDER BY rule") ==
            "fetch-failed\ninstall-script\njs-child-process\n");
    REQUIRE(tarsier::test::query_db(
                path, "SELECT count(*) FROM findings WHERE analysis_id IS NULL") == "1\n");
  }

  SECTION("a second scan links the same analysis and stores only what it adds") {
    int64_t second = must(db->begin_scan(scan_record()));
    PackageResult again = *cached;
    again.findings.push_back(make_finding("integrity-republished", "integrity", Risk::critical));
    must(db->record_package(second, again));
    REQUIRE(tarsier::test::query_db(
                path,
                "SELECT count(*), count(DISTINCT analysis_id) FROM scan_packages WHERE "
                "analysis_id IS NOT NULL") == "2|1\n");
    REQUIRE(tarsier::test::query_db(path, "SELECT count(*) FROM findings") == "4\n");
    REQUIRE(tarsier::test::query_db(path, "SELECT rule FROM scan_findings WHERE scan_id = " +
                                              std::to_string(second) + " ORDER BY rule") ==
            "install-script\nintegrity-republished\njs-child-process\n");
    REQUIRE(
        tarsier::test::query_db(path, "SELECT result_cached FROM scan_packages WHERE scan_id = " +
                                          std::to_string(second)) == "1\n");
  }

  SECTION("a new ruleset stores a second analysis for the same archive") {
    int64_t second = must(db->begin_scan(scan_record("rules-2")));
    PackageResult rerun = make_result("left-pad", "1.3.0", "sha512-AAAA");
    rerun.findings.pop_back();
    must(db->record_package(second, rerun));
    auto v2 =
        db->find_cached(good.ref, "sha512-AAAA", RiskDb::analyzer_version("0.1.0", "rules-2"));
    REQUIRE(v2.has_value());
    REQUIRE(v2->findings.size() == 1);
    REQUIRE(db->find_cached(good.ref, "sha512-AAAA", version)->findings.size() == 2);
  }

  SECTION("recording into an unknown scan fails without a partial row") {
    auto refused = db->record_package(9999, good);
    REQUIRE_FALSE(refused);
    REQUIRE(refused.error().str().find("left-pad") != std::string::npos);
    REQUIRE(tarsier::test::query_db(path, "SELECT count(*) FROM scan_packages") == "2\n");
    REQUIRE_FALSE(db->finish_scan(9999, ScanTotals{}));
  }
}

TEST_CASE("RiskDb remembers the last verified integrity of a version", "[db]") {
  TempDir dir;
  auto db = must(RiskDb::open((dir.path / "risk.db").string()));
  REQUIRE(db != nullptr);
  int64_t scan = must(db->begin_scan(scan_record()));
  REQUIRE_FALSE(db->known_integrity("npm", "debug", "4.4.1").has_value());

  must(db->record_package(scan, make_result("debug", "4.4.1", "sha512-OLD")));
  REQUIRE(db->known_integrity("npm", "debug", "4.4.1") == std::optional<std::string>("sha512-OLD"));
  REQUIRE_FALSE(db->known_integrity("pypi", "debug", "4.4.1").has_value());

  // A mismatch or a failed download proves nothing about what the registry serves.
  PackageResult mismatch = make_result("debug", "4.4.1", "sha512-EVIL");
  mismatch.findings = {make_finding("integrity-mismatch", "integrity", Risk::critical)};
  must(db->record_package(scan, mismatch));
  PackageResult failed = make_result("debug", "4.4.1", "");
  failed.error = "timeout";
  must(db->record_package(scan, failed));
  REQUIRE(db->known_integrity("npm", "debug", "4.4.1") == std::optional<std::string>("sha512-OLD"));

  must(db->record_package(scan, make_result("debug", "4.4.1", "sha512-NEW")));
  REQUIRE(db->known_integrity("npm", "debug", "4.4.1") == std::optional<std::string>("sha512-NEW"));
}

TEST_CASE("a killed scan keeps every package it finished", "[db]") {
  TempDir dir;
  std::string path = (dir.path / "risk.db").string();
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto db = RiskDb::open(path);
    int64_t scan = db ? (*db)->begin_scan(scan_record()).value_or(0) : 0;
    for (int i = 0; i < 3 && scan > 0; ++i) {
      (void)(*db)->record_package(scan,
                                  make_result("pkg" + std::to_string(i), "1.0.0", "sha512-X"));
    }
    // No finish_scan, no destructor: the process dies as under kill -9.
    raise(SIGKILL);
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(tarsier::test::query_db(path, "SELECT count(*) FROM scan_packages") == "3\n");
  REQUIRE(tarsier::test::query_db(path, "SELECT finished_at IS NULL FROM scans") == "1\n");
  auto db = must(RiskDb::open(path));
  REQUIRE(db != nullptr);
  REQUIRE(db->find_cached(make_result("pkg2", "1.0.0", "").ref, "sha512-X",
                          RiskDb::analyzer_version("0.1.0", "rules-1")));
}

TEST_CASE("two connections share one database file", "[db]") {
  TempDir dir;
  std::string path = (dir.path / "risk.db").string();
  auto first = must(RiskDb::open(path));
  auto second = must(RiskDb::open(path));
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  constexpr int k_per_writer = 40;
  auto writer = [&](RiskDb* db, const std::string& prefix, int* failures) {
    int64_t scan = must(db->begin_scan(scan_record()));
    // Two threads per connection exercise the in-process lock as well.
    auto half = [&](int from, int* fails) {
      for (int i = from; i < k_per_writer; i += 2) {
        if (!db->record_package(scan,
                                make_result(prefix + std::to_string(i), "1.0.0", "sha512-Y"))) {
          ++*fails;
        }
      }
    };
    int a = 0, b = 0;
    std::thread t1(half, 0, &a), t2(half, 1, &b);
    t1.join();
    t2.join();
    *failures = a + b;
  };
  int f1 = 0, f2 = 0;
  std::thread w1(writer, first.get(), "a", &f1), w2(writer, second.get(), "b", &f2);
  w1.join();
  w2.join();
  REQUIRE(f1 == 0);
  REQUIRE(f2 == 0);
  REQUIRE(tarsier::test::query_db(path, "SELECT count(*) FROM scan_packages") ==
          std::to_string(2 * k_per_writer) + "\n");
  REQUIRE(tarsier::test::query_db(path, "SELECT count(*) FROM findings") ==
          std::to_string(4 * k_per_writer) + "\n");
}
