// End-to-end: the real binary with a project policy file against the local registry server on
// 127.0.0.1: suppressions pinned to a file's sha256 in scan and diff, expiry warnings, the risk
// database rows, `tarsier policy check` and `tarsier history`.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analyzer/util/integrity.h"
#include "tests/support/json_schema.h"
#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::string lockfile(const std::string& version, const std::string& integrity) {
  json lock = {{"name", "demo"}, {"version", "1.0.0"}, {"lockfileVersion", 3}, {"requires", true}};
  lock["packages"] = {{"", {{"name", "demo"}, {"version", "1.0.0"}}},
                      {"node_modules/fetchy", {{"version", version}, {"integrity", integrity}}}};
  return lock.dump(2) + "\n";
}

const json& fetchy(const json& report) {
  for (const auto& p : report["packages"]) {
    if (p["name"] == "fetchy") {
      return p;
    }
  }
  FAIL("no fetchy in the report");
  static const json none;
  return none;
}

int suppressed_count(const json& package) {
  int n = 0;
  for (const auto& f : package["findings"]) {
    if (f["suppressed"] == true) {
      CHECK(f["suppression_reason"] == "the HTTP client is the package's purpose");
      ++n;
    }
  }
  return n;
}

// One column of every row, joined with '\n'.
std::string sql(const std::string& db, const std::string& query) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  auto collect = [](void* target, int, char** values, char**) {
    *static_cast<std::string*>(target) += std::string(values[0] ? values[0] : "NULL") + "\n";
    return 0;
  };
  int rc = sqlite3_exec(handle, query.c_str(), collect, &out, nullptr);
  sqlite3_close(handle);
  REQUIRE(rc == SQLITE_OK);
  return out;
}

void require_valid(const std::string& schema_path, const std::string& document) {
  std::string error;
  auto schema = JsonSchema::load(source_path(schema_path), &error);
  REQUIRE(schema.has_value());
  for (const auto& problem : schema->validate_text(document)) {
    FAIL_CHECK(schema_path << ": " << problem);
  }
}

}  // namespace

TEST_CASE("a pinned suppression applies in scan and diff until the file changes", "[e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string get_js = read_text_file(source_path("fixtures/packages/fetchy/lib/get.js"));
  REQUIRE_FALSE(get_js.empty());
  std::string v1 = server.publish_dir("fetchy", "2.1.0", source_path("fixtures/packages/fetchy"));
  std::string v2 =
      server.publish("fetchy", "2.2.0",
                     pack_npm_files({{"package.json", R"({"name": "fetchy", "version": "2.2.0"})"},
                                     {"lib/get.js", get_js + "\nmodule.exports.retry = true;\n"}}));
  std::string base = dir.write("project/base/package-lock.json", lockfile("2.1.0", v1));
  std::string head = dir.write("project/package-lock.json", lockfile("2.2.0", v2));
  std::string db = dir.path() + "/risk.db";
  auto env = isolated_env(dir.path());
  auto tarsier = [&](std::vector<std::string> args) {
    args.insert(args.begin(), tarsier_binary());
    return run_process(args, env);
  };
  auto scan = [&](const std::string& lock, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"scan", lock, "--registry", server.base_url(),
                                     "--db", db,   "--format",   "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return tarsier(args);
  };

  std::string policy = dir.write("project/.tarsier.yml", R"(fail-on: low
suppressions:
  - ecosystem: npm
    name: fetchy
    version: "^2.0.0"
    capability: network
    path: lib/get.js
    sha256: )" + tarsier::hex_digest("sha256", get_js) + R"(
    reason: the HTTP client is the package's purpose
  - ecosystem: npm
    name: fetchy
    version: "*"
    rule: js-eval
    reason: no longer needed
    expires: 2020-01-01
)");

  // Without the policy the network capability is low risk, and --fail-on low fails.
  auto plain = scan(base, {"--no-policy", "--fail-on", "low"});
  INFO(plain.err);
  REQUIRE(plain.exit_code == 1);
  REQUIRE(fetchy(json::parse(plain.out))["risk"] == "low");

  // With it (found from the lockfile's directory; fail-on low comes from it too), the findings
  // are suppressed but still reported. The analysis is read back from the database, so the file
  // hash comes from there.
  auto run = scan(base);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  require_valid("analyzer/report/scan-report.schema.json", run.out);
  json report = json::parse(run.out);
  const json& package = fetchy(report);
  CHECK(package["risk"] == "none");
  CHECK(package["cached"] == true);
  CHECK(suppressed_count(package) >= 1);
  CHECK(run.err.find("expired on 2020-01-01") != std::string::npos);
  bool warned = false;
  for (const auto& w : report["warnings"]) {
    warned = warned || w.get<std::string>().find("expired on 2020-01-01") != std::string::npos;
  }
  CHECK(warned);

  // 2.2.0 changed lib/get.js: the pinned suppression no longer applies.
  auto changed = scan(head);
  INFO(changed.err);
  REQUIRE(changed.exit_code == 1);
  json changed_report = json::parse(changed.out);
  const json& after = fetchy(changed_report);
  CHECK(after["risk"] == "low");
  CHECK(suppressed_count(after) == 0);

  // diff: adding the pinned version passes (and shows the suppression); updating fails.
  std::string empty = dir.write("project/empty/package-lock.json",
                                R"({"name": "demo", "version": "1.0.0", "lockfileVersion": 3,
                                    "packages": {"": {"name": "demo"}}})");
  auto diff = [&](const std::string& from, const std::string& to, const std::string& json_out) {
    return tarsier({"diff", "--quiet", from, to, "--registry", server.base_url(), "--db", db,
                    "--format", "sarif", "--json-output", json_out});
  };
  std::string added_json = dir.path() + "/added.json";
  auto added = diff(empty, base, added_json);
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  std::string added_text = read_text_file(added_json);
  require_valid("analyzer/diff/diff-report.schema.json", added_text);
  CHECK(added_text.find("the HTTP client is the package's purpose") != std::string::npos);
  json sarif = json::parse(added.out);
  bool any_suppressed = false;
  for (const auto& result : sarif["runs"][0]["results"]) {
    any_suppressed = any_suppressed || result.contains("suppressions");
  }
  CHECK(any_suppressed);
  auto updated = diff(base, head, dir.path() + "/updated.json");
  INFO(updated.err);
  CHECK(updated.exit_code == 1);

  // Every scan and diff is recorded, with the policy it used and what it suppressed (the last
  // diff analysed 2.1.0 as the base of the update, whose findings are still suppressed).
  CHECK(sql(db,
            "SELECT command || ' ' || (policy <> '') || ' ' || (suppressed > 0) || ' ' || "
            "packages || ' ' || exit_code || ' ' || (finished_at IS NOT NULL) FROM scans "
            "ORDER BY id") ==
        "scan 0 0 1 1 1\nscan 1 1 1 0 1\nscan 1 0 1 1 1\ndiff 1 1 1 0 1\ndiff 1 1 2 1 1\n");
  CHECK(sql(db, "SELECT DISTINCT policy FROM scans WHERE policy <> ''") == policy + "\n");
  CHECK(sql(db,
            "SELECT count(*) > 0 FROM scan_findings WHERE suppressed AND "
            "suppression_reason = 'the HTTP client is the package''s purpose'") == "1\n");

  // history: both versions in version order, with the changes against the previous one.
  auto history = tarsier({"history", "npm:fetchy", "--db", db, "--format", "json"});
  INFO(history.err);
  REQUIRE(history.exit_code == 0);
  require_valid("analyzer/db/history-report.schema.json", history.out);
  json h = json::parse(history.out);
  REQUIRE(h["versions"].size() == 2);
  CHECK(h["versions"][0]["version"] == "2.1.0");
  CHECK(h["versions"][1]["version"] == "2.2.0");
  CHECK(h["versions"][1]["changes"]["previous"] == "2.1.0");
  CHECK(tarsier({"history", "npm:fetchy", "--db", db}).out.find("npm:fetchy: 2 versions") == 0);
  CHECK(tarsier({"history", "npm:nobody", "--db", db}).exit_code == 1);
  CHECK(tarsier({"history", "fetchy", "--db", db}).exit_code == 2);
  CHECK(tarsier({"history", "npm:fetchy", "--db", dir.path() + "/none.db"}).exit_code == 2);

  // policy check: valid with a warning, then invalid with located errors; a broken policy
  // stops a scan with exit 2.
  auto check = tarsier({"policy", "check", policy});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("valid: 2 suppressions (1 expired), fail-on low") != std::string::npos);
  CHECK(check.err.find(".tarsier.yml:10:5: warning: suppression of npm:fetchy") !=
        std::string::npos);
  dir.write("project/.tarsier.yml",
            "suppressions:\n  - ecosystem: npm\n    name: fetchy\n"
            "    version: \"^1.2.3.4\"\n    rule: js-eval\n");
  auto bad = tarsier({"policy", "check", policy});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(policy + ":4:14: version: '^1.2.3.4' is not a semver range") !=
        std::string::npos);
  CHECK(bad.err.find(policy + ":2:5: missing 'reason'") != std::string::npos);
  auto stopped = scan(base);
  CHECK(stopped.exit_code == 2);
  CHECK(stopped.err.find(policy + ":4:14:") != std::string::npos);
}

TEST_CASE("a policy file linking out of the repository stops the scan unread", "[e2e]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/repo/.git");
  std::string lock = dir.write("repo/package-lock.json",
                               R"({"name": "a", "lockfileVersion": 3, "packages": {"": {}}})");
  std::string outside = dir.write("runner/config.yml", "NPM_TOKEN_abc123: x\n");
  std::filesystem::create_symlink(outside, dir.path() + "/repo/.tarsier.yml");
  auto run =
      run_process({tarsier_binary(), "scan", "--quiet", "--no-db", lock}, isolated_env(dir.path()));
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("outside the repository") != std::string::npos);
  CHECK(run.err.find("NPM_TOKEN_abc123") == std::string::npos);
}
