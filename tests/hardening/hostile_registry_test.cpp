// Regression tests for registry-side defects, against the local test registry: an HTML page in
// place of an archive, a stalled body, registry metadata for an offline scan, and JSON output
// of names and URLs that are not UTF-8.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/report_json.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// A package-lock.json with tiny-pad and fetchy published on `server`; `with_integrity` false
// leaves the integrity out, so the registry's packument is needed.
std::string write_lock(RegistryServer& server, TempDir& dir, bool with_integrity) {
  json packages = json::object();
  packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
  for (const char* name : {"tiny-pad", "fetchy"}) {
    std::string integrity =
        server.publish_dir(name, "1.0.0", source_path(std::string("fixtures/packages/") + name));
    packages[std::string("node_modules/") + name] = {{"version", "1.0.0"}};
    if (with_integrity) {
      packages[std::string("node_modules/") + name]["integrity"] = integrity;
    }
  }
  return dir.write("project/package-lock.json",
                   json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2));
}

}  // namespace

TEST_CASE("an HTML page served in place of an archive is a fetch failure", "[hardening][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = write_lock(server, dir, true);
  server.inject(tarball_path("fetchy", "1.0.0"), {Fault::html});
  auto scan = run_process({tarsier_binary(), "scan", "-q", "--no-db", "--format", "json", lock,
                           "--registry", server.base_url()},
                          isolated_env(dir.path()));
  INFO(scan.err);
  CHECK(scan.exit_code == 3);
  json report = json::parse(scan.out);
  const json* fetchy = find_package(report, "fetchy");
  REQUIRE(fetchy != nullptr);
  CHECK((*fetchy)["error"].get<std::string>().find("HTML page instead of an archive") !=
        std::string::npos);
  CHECK((*fetchy)["risk"] == "none");  // not "critical": nothing says the package was tampered
  CHECK((*find_package(report, "tiny-pad"))["error"].is_null());
}

TEST_CASE("a stalled body is aborted and retried", "[hardening][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = write_lock(server, dir, true);
  server.inject(tarball_path("fetchy", "1.0.0"), {Fault::stalled, 1, 1, 6000});
  auto scan = run_process({tarsier_binary(), "scan", "-q", "--no-db", "--format", "json", lock,
                           "--registry", server.base_url(), "--timeout", "4"},
                          isolated_env(dir.path()));
  INFO(scan.out << scan.err);
  CHECK(scan.exit_code == 0);
  CHECK(server.request_count(tarball_path("fetchy", "1.0.0")) == 2);
}

TEST_CASE("fetch caches registry metadata so scan --offline works without integrity",
          "[hardening][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = write_lock(server, dir, false);
  auto env = isolated_env(dir.path());
  auto offline = [&] {
    return run_process({tarsier_binary(), "scan", "-q", "--offline", "--no-db", "--format", "json",
                        lock, "--registry", server.base_url()},
                       env);
  };
  auto before = offline();
  CHECK(before.exit_code == 3);
  CHECK(before.out.find("run tarsier fetch first") != std::string::npos);

  auto fetch =
      run_process({tarsier_binary(), "fetch", "-q", lock, "--registry", server.base_url()}, env);
  INFO(fetch.out << fetch.err);
  REQUIRE(fetch.exit_code == 0);
  int packument_requests = server.request_count("/fetchy");
  auto after = offline();
  INFO(after.err);
  REQUIRE(after.exit_code == 0);
  json report = json::parse(after.out);
  CHECK(report["summary"]["analyzed"] == 2);
  CHECK(server.request_count("/fetchy") == packument_requests);  // nothing asked offline
}

TEST_CASE("metadata that does not locate the package is never cached", "[hardening][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = write_lock(server, dir, false);
  server.serve("/fetchy", "<html>maintenance</html>", "text/html");
  auto env = isolated_env(dir.path());
  auto fetch =
      run_process({tarsier_binary(), "fetch", "-q", lock, "--registry", server.base_url()}, env);
  CHECK(fetch.exit_code == 3);
  auto offline = run_process({tarsier_binary(), "scan", "-q", "--offline", "--no-db", "--format",
                              "json", lock, "--registry", server.base_url()},
                             env);
  json report = json::parse(offline.out);
  CHECK((*find_package(report, "fetchy"))["error"].get<std::string>().find("not cached") !=
        std::string::npos);
  CHECK((*find_package(report, "tiny-pad"))["error"].is_null());
}

TEST_CASE("JSON output never aborts on bytes that are not UTF-8", "[hardening][e2e]") {
  TempDir dir;
  std::string bad = "\xff\xfe";
  // JSON input rejects such bytes; yarn.lock and requirements.txt carry them through.
  std::string lock = dir.write("yarn.lock",
                               "# yarn lockfile v1\n\n\"ms@^2.1.3\":\n  version \"2.1.3\"\n"
                               "  resolved \"https://registry.example.test/ms/-/ms-2.1.3.tgz?" +
                                   bad + "\"\n  integrity sha512-" + std::string(86, 'A') +
                                   "==\n\n\"" + bad + "@^1.0.0\":\n  version \"1.0.0\"\n");
  auto run = run_process({tarsier_binary(), "list", "--format", "json", lock});
  INFO(run.err);
  CHECK(run.exit_code == 2);  // the bad name is an input error
  json doc = json::parse(run.out);
  REQUIRE(doc["packages"].size() == 1);
  CHECK(doc["packages"][0]["resolved"].get<std::string>().find("\xef\xbf\xbd") !=
        std::string::npos);  // U+FFFD
}
