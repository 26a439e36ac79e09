// End-to-end: the real build/tarsier binary against the local registry server on 127.0.0.1.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/report_json.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

struct Published {
  std::string name;
  std::string version;
  std::string integrity;
};

// A package-lock.json v3 naming the published packages, without `resolved` (as npm writes it
// with omit-lockfile-registry-resolved), so tarball URLs come from the configured registry.
std::string lockfile_v3(const std::vector<Published>& packages) {
  json lock = {{"name", "demo"}, {"version", "1.0.0"}, {"lockfileVersion", 3}, {"requires", true}};
  json entries = json::object();
  entries[""] = {{"name", "demo"}, {"version", "1.0.0"}};
  for (const auto& p : packages) {
    entries["node_modules/" + p.name] = {{"version", p.version}, {"integrity", p.integrity}};
  }
  lock["packages"] = entries;
  return lock.dump(2) + "\n";
}

// A scan environment isolated from the user's: its own HOME, cache, database and no npm
// configuration unless a test adds it.
struct Sandbox {
  RegistryServer server;
  TempDir dir;
  std::vector<Published> published;

  Sandbox() {
    publish("tiny-pad", "1.0.0");
    publish("fetchy", "2.1.0");
    publish("evil-setup", "0.0.1");
  }

  void publish(const std::string& name, const std::string& version) {
    std::string integrity =
        server.publish_dir(name, version, source_path("fixtures/packages/" + name));
    published.push_back({name, version, integrity});
  }

  std::string write_lockfile() const {
    return dir.write("project/package-lock.json", lockfile_v3(published));
  }

  std::map<std::string, std::optional<std::string>> env() const {
    return {{"HOME", dir.path() + "/home"},
            {"XDG_CACHE_HOME", dir.path() + "/cache"},
            {"XDG_DATA_HOME", dir.path() + "/data"},
            {"npm_config_registry", std::nullopt},
            {"NPM_CONFIG_REGISTRY", std::nullopt},
            {"npm_config_userconfig", std::nullopt},
            {"npm_config_globalconfig", dir.path() + "/no-global-npmrc"}};
  }

  ProcessResult scan(std::vector<std::string> extra) const {
    std::vector<std::string> argv = {tarsier_binary(), "scan", "--quiet"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv, env());
  }
};

}  // namespace

TEST_CASE("scan of a package-lock.json fetches, verifies, analyses, records and caches", "[e2e]") {
  Sandbox box;
  std::string lock = box.write_lockfile();
  std::string db = box.dir.path() + "/risk.db";
  auto first =
      box.scan({lock, "--registry", box.server.base_url(), "--format", "json", "--db", db});
  INFO(first.err);
  REQUIRE(first.exit_code == 1);  // evil-setup is at or above the default --fail-on high
  json report = json::parse(first.out);
  CHECK(report["schema_version"] == 1);
  CHECK(report["summary"]["packages"] == 3);
  CHECK(report["summary"]["analyzed"] == 3);
  CHECK(report["summary"]["failed"] == 0);

  const json* evil = find_package(report, "evil-setup");
  REQUIRE(evil != nullptr);
  CHECK(has_capability(*evil, "install-scripts"));
  CHECK(has_capability(*evil, "network"));
  CHECK(((*evil)["risk"] == "high" || (*evil)["risk"] == "critical"));

  const json* fetchy = find_package(report, "fetchy");
  REQUIRE(fetchy != nullptr);
  CHECK(has_capability(*fetchy, "network"));
  CHECK_FALSE(((*fetchy)["risk"] == "high" || (*fetchy)["risk"] == "critical"));
  bool located = false;
  for (const auto& f : (*fetchy)["findings"]) {
    if (f["capability"] == "network" && f["file"] == "lib/get.js" && f["line"] == 3) {
      located = true;
    }
  }
  CHECK(located);

  const json* pad = find_package(report, "tiny-pad");
  REQUIRE(pad != nullptr);
  CHECK((*pad)["risk"] == "none");
  CHECK((*pad)["integrity"] == box.published[0].integrity);

  // Every package and finding is in the database.
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "SELECT count(*) FROM scan_packages", -1, &stmt, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  CHECK(sqlite3_column_int(stmt, 0) == 3);
  sqlite3_finalize(stmt);
  sqlite3_close(handle);

  // A second run is served from the archive cache: no tarball is requested again.
  int tarball_requests = box.server.request_count(tarball_path("fetchy", "2.1.0"));
  CHECK(tarball_requests == 1);
  auto second =
      box.scan({lock, "--registry", box.server.base_url(), "--format", "json", "--no-db"});
  CHECK(second.exit_code == 1);
  CHECK(box.server.request_count(tarball_path("fetchy", "2.1.0")) == tarball_requests);
  json again = json::parse(second.out);
  CHECK(again["summary"]["analyzed"] == 3);
}

TEST_CASE("scan reports a tampered archive as a critical integrity mismatch", "[e2e]") {
  Sandbox box;
  box.server.inject(tarball_path("tiny-pad", "1.0.0"), {Fault::wrong_bytes});
  std::string lock = box.write_lockfile();
  auto run = box.scan({lock, "--registry", box.server.base_url(), "--format", "json", "--no-db"});
  REQUIRE(run.exit_code == 1);
  json report = json::parse(run.out);
  const json* pad = find_package(report, "tiny-pad");
  REQUIRE(pad != nullptr);
  CHECK((*pad)["risk"] == "critical");
  CHECK(has_rule(*pad, "integrity-mismatch"));
}

TEST_CASE("scan keeps going when one package cannot be fetched, and exits 3", "[e2e]") {
  Sandbox box;
  box.server.inject(tarball_path("evil-setup", "0.0.1"), {Fault::not_found});
  std::string lock = box.write_lockfile();
  auto run = box.scan(
      {lock, "--registry", box.server.base_url(), "--format", "json", "--no-db", "--retries", "0"});
  INFO(run.err);
  REQUIRE(run.exit_code == 3);
  json report = json::parse(run.out);
  CHECK(report["summary"]["analyzed"] == 2);
  CHECK(report["summary"]["failed"] == 1);
  const json* evil = find_package(report, "evil-setup");
  REQUIRE(evil != nullptr);
  CHECK((*evil)["error"].get<std::string>().find("404") != std::string::npos);
}

TEST_CASE("scan retries a server error and honours the registry from the project .npmrc", "[e2e]") {
  Sandbox box;
  box.server.inject(tarball_path("fetchy", "2.1.0"), {Fault::server_error, 1});
  std::string lock = box.write_lockfile();
  box.dir.write("project/.npmrc", "registry=" + box.server.base_url() + "\n");
  auto run = box.scan({lock, "--format", "json", "--no-db"});
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  json report = json::parse(run.out);
  CHECK(report["summary"]["failed"] == 0);
  CHECK(box.server.request_count(tarball_path("fetchy", "2.1.0")) == 2);
}

TEST_CASE("scan sends a per-host token only to its host and never prints it", "[e2e]") {
  Sandbox box;
  std::string lock = box.write_lockfile();
  std::string host = box.server.base_url().substr(5);  // "//127.0.0.1:PORT/"
  box.dir.write("project/.npmrc", "registry=" + box.server.base_url() + "\n" + host +
                                      ":_authToken=s3cr3t-token-value\n");
  auto run = box.scan({lock, "--format", "json", "--no-db"});
  REQUIRE(run.exit_code == 1);
  bool sent = false;
  for (const auto& header : box.server.last_request_headers(tarball_path("tiny-pad", "1.0.0"))) {
    if (header == "authorization: Bearer s3cr3t-token-value") {
      sent = true;
    }
  }
  CHECK(sent);
  CHECK(run.out.find("s3cr3t") == std::string::npos);
  CHECK(run.err.find("s3cr3t") == std::string::npos);
}

TEST_CASE("scan --offline serves from the cache and lists misses", "[e2e]") {
  Sandbox box;
  std::string lock = box.write_lockfile();
  auto run = box.scan(
      {lock, "--registry", box.server.base_url(), "--offline", "--format", "json", "--no-db"});
  REQUIRE(run.exit_code == 3);
  CHECK(box.server.total_requests() == 0);
  json report = json::parse(run.out);
  CHECK(report["summary"]["failed"] == 3);
  const json* pad = find_package(report, "tiny-pad");
  REQUIRE(pad != nullptr);
  CHECK((*pad)["error"].get<std::string>().find("offline") != std::string::npos);
}

TEST_CASE("scan rejects a malformed lockfile with path:line:col and exit 2", "[e2e]") {
  Sandbox box;
  std::string lock = box.dir.write("project/package-lock.json",
                                   "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
  auto run = box.scan({lock, "--registry", box.server.base_url(), "--no-db"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find(lock + ":") != std::string::npos);
  CHECK(box.server.total_requests() == 0);
}

TEST_CASE("scan without any registry configuration is a clear usage error", "[e2e]") {
  Sandbox box;
  std::string lock = box.write_lockfile();
  auto env = box.env();
  env["PATH"] = "/nonexistent";  // no npm to ask
  auto run = run_process({tarsier_binary(), "scan", "--quiet", "--no-db", lock}, env);
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("registry") != std::string::npos);
}

TEST_CASE("scan of a local .tgz analyses it without any registry", "[e2e]") {
  Sandbox box;
  std::string archive = box.dir.write("evil-setup-0.0.1.tgz",
                                      pack_npm_dir(source_path("fixtures/packages/evil-setup")));
  auto env = box.env();
  env["PATH"] = "/nonexistent";
  auto run = run_process(
      {tarsier_binary(), "scan", "--quiet", "--no-db", "--format", "json", archive}, env);
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  json report = json::parse(run.out);
  REQUIRE(report["packages"].size() == 1);
  CHECK(has_capability(report["packages"][0], "install-scripts"));
}

TEST_CASE("a local archive is named by its manifest, not by its file name", "[e2e]") {
  Sandbox box;
  std::string archive = box.dir.write(
      "03-download.tgz", pack_npm_dir(source_path("fixtures/packages/named-by-manifest")));
  auto run = run_process(
      {tarsier_binary(), "scan", "--quiet", "--no-db", "--format", "json", archive}, box.env());
  INFO(run.err);
  json report = json::parse(run.out);
  REQUIRE(report["packages"].size() == 1);
  const json& pkg = report["packages"][0];
  CHECK(pkg["name"] == "expresss");
  CHECK(pkg["version"] == "4.18.3");
  bool typosquat = false;
  for (const auto& f : pkg["findings"]) {
    typosquat = typosquat || f["rule"] == "typosquat";
  }
  CHECK(typosquat);
}

TEST_CASE("scan with a bad flag exits 2 with usage", "[e2e]") {
  auto run = run_process({tarsier_binary(), "scan", "--no-such-flag", "x"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("--no-such-flag") != std::string::npos);
}
