// End-to-end: an honest summary (packages not analysed are never a risk level, an unreachable
// host is reported once with the packages it cost), the short default text report, the JSON
// report's provenance fields, --omit, --min-risk and --verbose.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/json_schema.h"
#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// A port on 127.0.0.1 nothing listens on: bound then closed, so connecting is refused.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string lockfile(const std::vector<std::tuple<std::string, std::string, std::string>>& pkgs,
                     const json& root_deps, const json& dev_deps) {
  json packages = {
      {"", {{"name", "app"}, {"dependencies", root_deps}, {"devDependencies", dev_deps}}}};
  for (const auto& [name, version, integrity] : pkgs) {
    packages["node_modules/" + name] = {{"version", version}, {"integrity", integrity}};
  }
  return json({{"name", "app"}, {"lockfileVersion", 3}, {"packages", packages}}).dump(2);
}

}  // namespace

TEST_CASE("an unreachable registry is reported once and the scan is incomplete", "[e2e][scan]") {
  TempDir dir;
  std::vector<std::tuple<std::string, std::string, std::string>> pkgs;
  json deps = json::object();
  for (int i = 0; i < 12; ++i) {
    std::string name = "pkg-" + std::to_string(i);
    pkgs.emplace_back(name, "1.0.0", "sha512-" + std::string(86, 'A') + "==");
    deps[name] = "1.0.0";
  }
  std::string lock = dir.write("app/package-lock.json", lockfile(pkgs, deps, json::object()));
  std::string registry = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
  auto run = run_process(
      {tarsier_binary(), "scan", "-q", "--no-db", "--registry", registry, "--retries", "3", lock},
      isolated_env(dir.path()));
  INFO(run.out << run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("INCOMPLETE: 12 of 12 packages not analysed") != std::string::npos);
  CHECK(run.out.find("unreachable") != std::string::npos);
  CHECK(run.out.find(": 12 packages not analysed") != std::string::npos);
  // Once, not once per package; never counted as risk none.
  auto first = run.out.find("Connection refused");
  CHECK((first == std::string::npos ||
         run.out.find("Connection refused", first + 1) == std::string::npos));
  CHECK(run.out.find("none 0 | not analysed 12") != std::string::npos);

  auto json_run = run_process(
      {tarsier_binary(), "scan", "-q", "--no-db", "--registry", registry, "-f", "json", lock},
      isolated_env(dir.path()));
  auto doc = json::parse(json_run.out);
  CHECK(doc["summary"]["not_analysed"] == 12);
  CHECK(doc["summary"]["complete"] == false);
  CHECK(doc["summary"]["by_risk"]["none"] == 0);
  REQUIRE(doc["summary"]["unreachable_hosts"].size() == 1);
  CHECK(doc["summary"]["unreachable_hosts"][0]["packages"] == 12);
  CHECK(doc["exit_code"] == 3);
}

TEST_CASE("the default text report is short; JSON says where each package came from",
          "[e2e][scan]") {
  RegistryServer registry;
  TempDir dir;
  auto plain = [](const std::string& name) {
    return pack_npm_files({{"package.json", R"({"name":")" + name + R"(","version":"1.0.0"})"},
                           {"index.js", "module.exports = (a, b) => a + b;\n"}});
  };
  std::string quiet = registry.publish("quiet", "1.0.0", plain("quiet"));
  std::string evil =
      registry.publish_dir("evil-setup", "0.0.1", source_path("fixtures/packages/evil-setup"));
  std::string tool = registry.publish("devtool", "2.0.0", plain("devtool"));
  json lock = json::parse(lockfile(
      {{"quiet", "1.0.0", quiet}, {"evil-setup", "0.0.1", evil}, {"devtool", "2.0.0", tool}},
      {{"quiet", "1.0.0"}}, {{"devtool", "2.0.0"}}));
  lock["packages"]["node_modules/quiet"]["dependencies"] = {{"evil-setup", "0.0.1"}};
  lock["packages"]["node_modules/devtool"]["dev"] = true;
  std::string path = dir.write("app/package-lock.json", lock.dump(2));
  auto env = isolated_env(dir.path());
  std::vector<std::string> base = {tarsier_binary(), "scan", "-q", "--registry",
                                   registry.base_url()};

  auto text = run_process(
      [&] {
        auto a = base;
        a.push_back(path);
        return a;
      }(),
      env);
  INFO(text.out << text.err);
  REQUIRE(text.exit_code == 1);
  CHECK(text.out.find("\nFAIL: 1 package at or above high") != std::string::npos);
  CHECK(text.out.find("npm:evil-setup@0.0.1") != std::string::npos);
  CHECK(text.out.find("prod, transitive: quiet > evil-setup") != std::string::npos);
  CHECK(text.out.find("tarsier explain npm:evil-setup@0.0.1") != std::string::npos);
  CHECK(text.out.find("npm:quiet@1.0.0") == std::string::npos);  // below medium: counted only
  CHECK(text.out.find("below medium not listed") != std::string::npos);

  auto verbose = run_process(
      [&] {
        auto a = base;
        a.insert(a.end(), {"--verbose", path});
        return a;
      }(),
      env);
  CHECK(verbose.out.find("npm:quiet@1.0.0") != std::string::npos);

  auto json_run = run_process(
      [&] {
        auto a = base;
        a.insert(a.end(), {"-f", "json", "--omit", "dev", path});
        return a;
      }(),
      env);
  std::string error;
  auto schema = JsonSchema::load(source_path("analyzer/report/scan-report.schema.json"), &error);
  REQUIRE(schema.has_value());
  CHECK(schema->validate_text(json_run.out).empty());
  auto doc = json::parse(json_run.out);
  CHECK(doc["summary"]["packages"] == 2);  // devtool left out
  CHECK(doc["fail_on"] == "high");
  CHECK(doc["exit_code"] == 1);
  CHECK_FALSE(doc["tool"]["ruleset_version"].get<std::string>().empty());
  CHECK(doc["started_at"].get<std::string>() <= doc["finished_at"].get<std::string>());
  for (const auto& p : doc["packages"]) {
    CHECK(p["lockfile"].get<std::string>().find("package-lock.json") != std::string::npos);
    CHECK(p["line"].get<int>() > 0);
    CHECK(p["scope"] == "prod");
    if (p["name"] == "evil-setup") {
      CHECK(p["direct"] == false);
      CHECK(p["dependency_paths"] == json::array({json::array({"quiet", "evil-setup"})}));
    } else {
      CHECK(p["direct"] == true);
    }
  }
}
