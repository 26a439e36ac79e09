// End-to-end: what a lockfile entry alone says (install-script hints, non-registry sources, a
// resolved host that stands out) reaches the scan report and the risk database.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/support/json_schema.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/report_json.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

struct Entry {
  std::string name;
  std::string version;
  std::string integrity;
  std::string host;  // host the lockfile says the archive was resolved from
  bool install_script = false;
};

std::string lockfile(const RegistryServer& server, const std::vector<Entry>& entries) {
  json packages = json::object();
  packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
  for (const auto& e : entries) {
    json entry = {{"version", e.version},
                  {"resolved", "http://" + e.host + ":" + std::to_string(server.port()) +
                                   tarball_path(e.name, e.version)},
                  {"integrity", e.integrity}};
    if (e.install_script) {
      entry["hasInstallScript"] = true;
    }
    packages["node_modules/" + e.name] = entry;
  }
  packages["node_modules/from-git"] = {
      {"version", "1.0.0"},
      {"resolved", "git+ssh://git@example.invalid/someone/from-git.git#0123456789abcdef"}};
  json lock = {{"name", "demo"},
               {"version", "1.0.0"},
               {"lockfileVersion", 3},
               {"requires", true},
               {"packages", packages}};
  return lock.dump(2) + "\n";
}

const json& package(const json& report, const std::string& name) {
  for (const auto& p : report["packages"]) {
    if (p["name"] == name) {
      return p;
    }
  }
  FAIL("no package " << name << " in the report");
  static const json none;
  return none;
}

struct Project {
  RegistryServer server;
  TempDir dir;
  std::string pad, fetchy, evil;  // integrities

  Project() {
    pad = server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"));
    fetchy = server.publish_dir("fetchy", "2.1.0", source_path("fixtures/packages/fetchy"));
    evil = server.publish_dir("evil-setup", "0.0.1", source_path("fixtures/packages/evil-setup"));
  }

  ProcessResult run(const std::vector<Entry>& entries, const std::vector<std::string>& args) {
    std::string lock = dir.write("project/package-lock.json", lockfile(server, entries));
    std::vector<std::string> argv = {tarsier_binary(), "scan",           "--quiet", lock,
                                     "--registry",     server.base_url()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, isolated_env(dir.path()));
  }

  json scan(const std::vector<Entry>& entries, const std::string& db, int expected_exit) {
    std::vector<std::string> args = {"--format", "json"};
    if (db.empty()) {
      args.push_back("--no-db");
    } else {
      args.insert(args.end(), {"--db", db});
    }
    auto result = run(entries, args);
    INFO(result.err);
    CHECK(result.exit_code == expected_exit);
    return json::parse(result.out);
  }
};

}  // namespace

TEST_CASE("scan reports lockfile signals once, also when the result comes from the database",
          "[e2e]") {
  Project p;
  // 127.0.0.1 is the configured registry; "localhost" reaches the same server but is another
  // host name, standing out among the lockfile's entries.
  std::vector<Entry> entries = {{"tiny-pad", "1.0.0", p.pad, "127.0.0.1", true},
                                {"fetchy", "2.1.0", p.fetchy, "localhost", false},
                                {"evil-setup", "0.0.1", p.evil, "127.0.0.1", true}};
  std::string db = p.dir.path() + "/risk.db";
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run);
    json report = p.scan(entries, db, 1);
    // The lockfile claims an install script the archive does not have: the claim stays.
    const json& pad = package(report, "tiny-pad");
    CHECK(count_rule(pad, "lockfile-install-script") == 1);
    CHECK(pad["risk"] == "low");
    // The archive's own install script makes the lockfile hint redundant.
    const json& evil = package(report, "evil-setup");
    CHECK(count_rule(evil, "lockfile-install-script") == 0);
    CHECK(count_rule(evil, "npm-install-script") == 1);
    const json& fetchy = package(report, "fetchy");
    CHECK(count_rule(fetchy, "registry-host-mismatch") == 1);
    CHECK(fetchy["risk"] == "medium");
    CHECK(count_rule(pad, "registry-host-mismatch") == 0);
    const json& git = package(report, "from-git");
    CHECK(count_rule(git, "non-registry-dependency") == 1);
    CHECK(git["risk"] == "medium");
    CHECK(report["warnings"].empty());
    CHECK(fetchy["cached"] == (run == 1));
  }

  // The cached analysis holds only what the archive says: the same archive in a lockfile that
  // resolves it from the usual host carries no mismatch and keeps the archive's own risk.
  std::vector<Entry> usual = {{"fetchy", "2.1.0", p.fetchy, "127.0.0.1", false}};
  json report = p.scan(usual, db, 0);
  const json& fetchy = package(report, "fetchy");
  CHECK(fetchy["cached"] == true);
  CHECK(count_rule(fetchy, "registry-host-mismatch") == 0);
  CHECK(fetchy["risk"] != "medium");
}

TEST_CASE("a lockfile resolved as a whole against another registry gives one warning", "[e2e]") {
  Project p;
  std::vector<Entry> entries = {{"tiny-pad", "1.0.0", p.pad, "localhost", false},
                                {"fetchy", "2.1.0", p.fetchy, "localhost", false}};
  json report = p.scan(entries, "", 0);  // the git entry is medium, below --fail-on high
  for (const auto& name : {"tiny-pad", "fetchy"}) {
    CHECK(count_rule(package(report, name), "registry-host-mismatch") == 0);
  }
  REQUIRE(report["warnings"].size() == 1);
  std::string warning = report["warnings"][0];
  CHECK(warning.find("resolved against localhost") != std::string::npos);
  CHECK(warning.find("127.0.0.1") != std::string::npos);
  CHECK(report["summary"]["failed"] == 0);
}

TEST_CASE("scan --format sarif anchors lockfile signals to the lockfile line", "[e2e][sarif]") {
  Project p;
  std::vector<Entry> entries = {{"tiny-pad", "1.0.0", p.pad, "127.0.0.1", false},
                                {"fetchy", "2.1.0", p.fetchy, "localhost", false}};
  auto result = p.run(entries, {"--format", "sarif", "--sarif-level", "medium", "--no-db"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  std::string error;
  auto schema =
      JsonSchema::load(source_path("analyzer/report/sarif-2.1.0-subset.schema.json"), &error);
  REQUIRE(schema.has_value());
  auto errors = schema->validate_text(result.out);
  for (const auto& e : errors) {
    UNSCOPED_INFO(e);
  }
  REQUIRE(errors.empty());
  json log = json::parse(result.out);
  std::string lockfile = read_text_file(p.dir.path() + "/project/package-lock.json");
  size_t at = lockfile.find("\"node_modules/fetchy\"");
  REQUIRE(at != std::string::npos);
  int fetchy_line = 1 + static_cast<int>(std::count(lockfile.begin(), lockfile.begin() + at, '\n'));
  bool anchored = false;
  for (const auto& r : log["runs"][0]["results"]) {
    CHECK(r["level"] != "note");  // --sarif-level medium leaves low findings out
    if (r["ruleId"] == "registry-host-mismatch") {
      const auto& region = r["locations"][0]["physicalLocation"]["region"];
      anchored = region["startLine"] == fetchy_line;
    }
  }
  CHECK(anchored);
}
