// OSV records: parsing (with positions for malformed ones), version matching in each
// ecosystem's order, importing both layouts into a real risk database, incrementally.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_import.h"
#include "analyzer/osv/osv_match.h"
#include "analyzer/osv/osv_record.h"
#include "tests/support/db_samples.h"
#include "tests/support/pack.h"
#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

namespace fs = std::filesystem;

OsvAffectedRow npm_ranges(const std::string& ranges, const std::string& versions = "[]") {
  return OsvAffectedRow{"npm", "x", versions, ranges, false};
}

OsvAffectedRow pypi_ranges(const std::string& ranges) {
  return OsvAffectedRow{"pypi", "x", "[]", ranges, false};
}

PackageRef ref(const std::string& ecosystem, const std::string& name, const std::string& version) {
  PackageRef r;
  r.ecosystem = ecosystem;
  r.name = name;
  r.version = version;
  return r;
}

std::string malicious_packages() {
  return source_path("fixtures/osv/malicious-packages");
}

// The all.zip fixture, packed from fixtures/osv/all-zip like OSV's per-ecosystem exports.
std::string write_all_zip(const TempDir& dir) {
  FileList files = read_tree(source_path("fixtures/osv/all-zip"));
  return dir.write("all.zip", pack_zip_files(files));
}

std::vector<std::string> ids(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.snippet);
  }
  return out;
}

}  // namespace

TEST_CASE("OSV ranges follow the schema's event order in npm semver", "[osv]") {
  auto r = npm_ranges(R"([{"type":"SEMVER","events":[{"introduced":"2.0.0"},{"fixed":"2.1.0"}]}])");
  CHECK_FALSE(osv_affects(r, "1.9.9"));
  CHECK(osv_affects(r, "2.0.0"));
  CHECK(osv_affects(r, "2.0.9"));
  CHECK(osv_affects(r, "2.1.0-rc.1"));  // a pre-release of the fix precedes it
  CHECK_FALSE(osv_affects(r, "2.1.0"));
  CHECK_FALSE(osv_affects(r, "10.0.0"));  // numeric, not text, order

  auto last = npm_ranges(
      R"([{"type":"ECOSYSTEM","events":[{"last_affected":"3.0.1"},{"introduced":"3.0.0-beta.1"}]}])");
  CHECK_FALSE(osv_affects(last, "3.0.0-alpha.9"));
  CHECK(osv_affects(last, "3.0.0-beta.1"));
  CHECK(osv_affects(last, "3.0.1"));
  CHECK_FALSE(osv_affects(last, "3.0.2"));

  auto limit = npm_ranges(R"([{"type":"SEMVER","events":[{"introduced":"0"},{"limit":"1.5.0"}]}])");
  CHECK(osv_affects(limit, "0.0.1"));
  CHECK_FALSE(osv_affects(limit, "1.5.0"));

  auto reopened = npm_ranges(R"([{"type":"SEMVER","events":[{"introduced":"1.0.0"},
      {"fixed":"1.2.0"},{"introduced":"2.0.0"},{"fixed":"2.0.5"}]}])");
  CHECK(osv_affects(reopened, "1.1.0"));
  CHECK_FALSE(osv_affects(reopened, "1.5.0"));
  CHECK(osv_affects(reopened, "2.0.4"));
  CHECK_FALSE(osv_affects(reopened, "2.0.5"));

  auto exact = npm_ranges("[]", R"(["0.0.1","v0.0.2"])");
  CHECK(osv_affects(exact, "0.0.1"));
  CHECK(osv_affects(exact, "0.0.2"));
  CHECK_FALSE(osv_affects(exact, "0.0.3"));

  // A version the order cannot read matches only exactly, never through a range.
  CHECK_FALSE(osv_affects(r, "not-a-version"));
}

TEST_CASE("OSV ranges of PyPI packages use PEP 440 order", "[osv]") {
  auto r = pypi_ranges(R"([{"type":"ECOSYSTEM","events":[{"introduced":"1.0"},{"fixed":"2.0"}]}])");
  CHECK(osv_affects(r, "1.0.0"));
  CHECK(osv_affects(r, "1.10"));
  CHECK(osv_affects(r, "1.9.post1"));
  CHECK(osv_affects(r, "2.0rc1"));
  CHECK_FALSE(osv_affects(r, "2.0"));
  CHECK_FALSE(osv_affects(r, "0.9"));
  OsvAffectedRow exact{"pypi", "x", R"(["1.0"])", "[]", false};
  CHECK(osv_affects(exact, "1.0.0"));  // PEP 440 equality
  CHECK_FALSE(osv_affects(exact, "1.0.1"));
  OsvAffectedRow all{"pypi", "x", "[]", "[]", true};
  CHECK(osv_affects(all, "0.0.0.dev1"));
}

TEST_CASE("parse_osv_record keeps npm and PyPI packages and reports where a record is wrong",
          "[osv]") {
  Diagnostic error;
  auto row = parse_osv_record(
      R"({"id":"MAL-1","modified":"2099-01-01T00:00:00Z","summary":"",
          "details":"first line\nsecond","affected":[
          {"package":{"ecosystem":"PyPI","name":"Some.Name"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]},
          {"package":{"ecosystem":"Go","name":"example.test/x"}},
          {"package":{"ecosystem":"npm","name":"@s/n"}}]})",
      "r.json", &error);
  REQUIRE(row.has_value());
  CHECK(row->summary == "first line");
  CHECK(row->link == "https://osv.dev/vulnerability/MAL-1");
  REQUIRE(row->affected.size() == 2);
  CHECK(row->affected[0].name == "some-name");
  CHECK(row->affected[0].all_versions);  // introduced "0" and nothing after it
  CHECK(row->affected[1].name == "@s/n");
  CHECK(row->affected[1].all_versions);  // no versions and no ranges: every version

  CHECK_FALSE(parse_osv_record("{\n  \"id\": \"MAL-2\",\n  \"modified\": 5\n}", "m.json", &error));
  CHECK(error.str() == "m.json:3:3: expected \"modified\", a non-empty string");
  CHECK_FALSE(
      parse_osv_record("{\n  \"id\": \"MAL-3\",\n  \"modified\": \"x\",\n  \"affected\": "
                       "[{\"package\": {\"ecosystem\": \"npm\", \"name\": \"a\"},\n"
                       "    \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{}]}]}]}",
                       "e.json", &error));
  CHECK(error.line == 5);
  CHECK(error.message.find("introduced") != std::string::npos);
  CHECK_FALSE(parse_osv_record("{\"id\": [", "s.json", &error));
  CHECK(error.str().rfind("s.json:1:", 0) == 0);
  CHECK_FALSE(parse_osv_record("[]", "a.json", &error));
  // A number too large for a double is an error at its place, not an exception (a fuzzer found
  // it: fuzz/regressions/osv_record/), and so is nesting past the JSON depth bound.
  CHECK_FALSE(parse_osv_record("{\"id\": \"MAL-4\",\n \"modified\": 1e99999}", "n.json", &error));
  CHECK(error.str().rfind("n.json:2:", 0) == 0);
  CHECK(error.message.find("number overflow") != std::string::npos);
  CHECK_FALSE(parse_osv_record(std::string(100000, '['), "d.json", &error));
  CHECK(error.message.find("nesting") != std::string::npos);
}

TEST_CASE("import-osv reads the malicious-packages layout, withdrawn records and bad files",
          "[osv][db]") {
  TempDir dir;
  auto db = must(RiskDb::open(dir.path() + "/risk.db"));
  REQUIRE(db != nullptr);
  OsvImportStats stats;
  REQUIRE(import_osv(*db, malicious_packages(), "", &stats));
  CHECK(stats.files == 9);
  CHECK(stats.added == 6);  // evil-setup, fetchy, @acme/evil-scope, env-beacon, 2 withdrawn
  CHECK(stats.withdrawn == 2);
  CHECK(stats.unrelated == 1);  // crates.io
  REQUIRE(stats.malformed.size() == 2);
  CHECK(stats.malformed[0].path.find("broken-json/MAL-2099-0006.json") != std::string::npos);
  CHECK(stats.malformed[0].line == 4);
  CHECK(stats.malformed[1].path.find("no-name/MAL-2099-0008.json") != std::string::npos);
  CHECK(stats.malformed[1].line > 0);

  CHECK(ids(known_malware_findings(*db, ref("npm", "evil-setup", "0.0.1"))) ==
        std::vector<std::string>{"MAL-2099-0001"});
  CHECK(known_malware_findings(*db, ref("npm", "evil-setup", "0.0.3")).empty());
  CHECK(known_malware_findings(*db, ref("npm", "fetchy", "2.1.0")).empty());
  CHECK(ids(known_malware_findings(*db, ref("npm", "fetchy", "2.0.5"))) ==
        std::vector<std::string>{"MAL-2099-0002"});
  CHECK(!known_malware_findings(*db, ref("npm", "@acme/evil-scope", "9.9.9")).empty());
  CHECK(known_malware_findings(*db, ref("npm", "tiny-pad", "1.0.0")).empty());  // withdrawn
  auto beacon = known_malware_findings(*db, ref("pypi", "ENV.beacon", "1.0.0"));
  REQUIRE(beacon.size() == 1);
  CHECK(beacon[0].severity == Risk::critical);
  CHECK(beacon[0].rule == "known-malware");
  CHECK(beacon[0].message ==
        "MAL-2099-0003: Malicious code in env-beacon (PyPI) "
        "(https://osv.dev/vulnerability/MAL-2099-0003)");
  PackageRef from_git = ref("npm", "evil-setup", "0.0.1");
  from_git.source = "git";
  CHECK(known_malware_findings(*db, from_git).empty());

  auto sources = must(db->osv_sources());
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].records == 6);
  CHECK(sources[0].withdrawn == 2);
  CHECK(sources[0].newest_modified == "2099-01-02T03:04:05Z");
}

TEST_CASE("import-osv is incremental by modified time and follows withdrawals", "[osv][db]") {
  TempDir dir;
  std::string copy = dir.path() + "/mp";
  fs::copy(malicious_packages(), copy, fs::copy_options::recursive);
  auto db = must(RiskDb::open(dir.path() + "/risk.db"));
  REQUIRE(db != nullptr);
  OsvImportStats first;
  REQUIRE(import_osv(*db, copy, "mp", &first));
  OsvImportStats again;
  REQUIRE(import_osv(*db, copy, "mp", &again));
  CHECK(again.added == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == 6);

  // A newer version of a record replaces it; moving one under withdrawn/ withdraws it.
  std::string evil = copy + "/osv/malicious/npm/evil-setup/MAL-2099-0001.json";
  std::string text = read_text_file(evil);
  text.replace(text.find("\"0.0.2\""), 7, "\"0.0.3\"");
  text.replace(text.find("2099-01-02T03:04:05Z"), 20, "2099-02-01T00:00:00Z");
  std::ofstream(evil, std::ios::trunc) << text;
  fs::create_directories(copy + "/osv/withdrawn/npm/fetchy");
  fs::rename(copy + "/osv/malicious/npm/fetchy/MAL-2099-0002.json",
             copy + "/osv/withdrawn/npm/fetchy/MAL-2099-0002.json");
  OsvImportStats third;
  REQUIRE(import_osv(*db, copy, "mp", &third));
  CHECK(third.updated == 2);
  CHECK(third.unchanged == 4);
  CHECK(!known_malware_findings(*db, ref("npm", "evil-setup", "0.0.3")).empty());
  CHECK(known_malware_findings(*db, ref("npm", "evil-setup", "0.0.2")).empty());
  CHECK(known_malware_findings(*db, ref("npm", "fetchy", "2.0.5")).empty());
  auto sources = must(db->osv_sources());
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].newest_id == "MAL-2099-0001");
  CHECK(sources[0].newest_modified == "2099-02-01T00:00:00Z");
}

TEST_CASE("import-osv reads an OSV all.zip export in memory", "[osv][db]") {
  TempDir dir;
  std::string zip = write_all_zip(dir);
  auto db = must(RiskDb::open(dir.path() + "/risk.db"));
  REQUIRE(db != nullptr);
  OsvImportStats stats;
  REQUIRE(import_osv(*db, zip, "", &stats));
  CHECK(stats.files == 4);
  CHECK(stats.added == 3);
  CHECK(stats.withdrawn == 1);
  REQUIRE(stats.malformed.size() == 1);
  CHECK(stats.malformed[0].str().find("all.zip:MAL-2099-0104.json:1:1: expected \"modified\"") !=
        std::string::npos);
  CHECK(!known_malware_findings(*db, ref("pypi", "tidy-strings", "1.5")).empty());
  CHECK(known_malware_findings(*db, ref("pypi", "tidy-strings", "2.1.0")).empty());
  CHECK(!known_malware_findings(*db, ref("pypi", "tidy-strings", "3.4.9")).empty());
  CHECK(known_malware_findings(*db, ref("pypi", "tidy-strings", "3.5")).empty());
  CHECK(!known_malware_findings(*db, ref("npm", "left-pads", "0.0.1")).empty());  // all versions
  CHECK(known_malware_findings(*db, ref("npm", "fetchy", "2.1.0")).empty());      // withdrawn
  auto sources = must(db->osv_sources());
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].source == zip);

  std::string bad = dir.write("bad.zip", "PK\x03\x04 not really");
  OsvImportStats none;
  auto refused = import_osv(*db, bad, "", &none);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().str().find("bad.zip") != std::string::npos);
  auto missing = import_osv(*db, dir.path() + "/nothing-here", "", &none);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::not_found);
}
