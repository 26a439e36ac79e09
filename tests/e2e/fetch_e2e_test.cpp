// End-to-end: `tarsier fetch` downloads, verifies and caches archives without analysing them,
// so that a later `scan --offline` needs no network.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

TEST_CASE("fetch warms the archive cache for an offline scan", "[e2e][fetch]") {
  RegistryServer server;
  TempDir dir;
  json packages = json::object();
  packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
  for (const char* name : {"tiny-pad", "fetchy"}) {
    std::string integrity =
        server.publish_dir(name, "1.0.0", source_path(std::string("fixtures/packages/") + name));
    packages[std::string("node_modules/") + name] = {{"version", "1.0.0"},
                                                     {"integrity", integrity}};
  }
  std::string lock =
      dir.write("project/package-lock.json",
                json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2));
  auto env = isolated_env(dir.path());

  auto fetch = [&] {
    return run_process({tarsier_binary(), "fetch", "-q", lock, "--registry", server.base_url()},
                       env);
  };
  auto first = fetch();
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("2 packages: 2 downloaded, 0 already in the archive cache") !=
        std::string::npos);
  CHECK(server.request_count(tarball_path("fetchy", "1.0.0")) == 1);

  auto second = fetch();
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("0 downloaded, 2 already in the archive cache") != std::string::npos);
  CHECK(server.request_count(tarball_path("fetchy", "1.0.0")) == 1);

  // The offline scan analyses both from the cache.
  auto scan = run_process({tarsier_binary(), "scan", "-q", "--offline", "--no-db", "--format",
                           "json", lock, "--registry", server.base_url()},
                          env);
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);
  json report = json::parse(scan.out);
  CHECK(report["summary"]["analyzed"] == 2);
  CHECK(report["summary"]["failed"] == 0);

  // Damaged cache entries: offline they fail the package; online they are downloaded again.
  std::vector<std::filesystem::path> cached;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() + "/cache")) {
    if (entry.is_regular_file()) {
      cached.push_back(entry.path());
    }
  }
  REQUIRE(cached.size() == 2);
  auto damage = [&] {
    for (const auto& path : cached) {
      std::ofstream(path, std::ios::binary | std::ios::trunc) << "damaged";
    }
  };
  damage();
  auto offline = run_process({tarsier_binary(), "scan", "-q", "--offline", "--no-db", "--format",
                              "json", lock, "--registry", server.base_url()},
                             env);
  CHECK(offline.exit_code == 3);
  CHECK(offline.out.find("damaged") != std::string::npos);
  damage();  // the offline scan removed the damaged copies; put them back for the online one
  auto online = run_process({tarsier_binary(), "scan", "-q", "--no-db", "--format", "json", lock,
                             "--registry", server.base_url()},
                            env);
  INFO(online.err);
  CHECK(online.exit_code == 0);
  CHECK(json::parse(online.out)["summary"]["failed"] == 0);
  CHECK(server.request_count(tarball_path("fetchy", "1.0.0")) == 2);
}

TEST_CASE("fetch reports a tampered archive and does not cache it", "[e2e][fetch]") {
  RegistryServer server;
  TempDir dir;
  std::string integrity =
      server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"));
  server.inject(tarball_path("tiny-pad", "1.0.0"), {Fault::wrong_bytes});
  json packages = {{"", {{"name", "demo"}}},
                   {"node_modules/tiny-pad", {{"version", "1.0.0"}, {"integrity", integrity}}}};
  std::string lock =
      dir.write("project/package-lock.json",
                json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2));
  auto env = isolated_env(dir.path());
  auto run =
      run_process({tarsier_binary(), "fetch", "-q", lock, "--registry", server.base_url()}, env);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("integrity mismatch") != std::string::npos);
  auto offline = run_process({tarsier_binary(), "scan", "-q", "--offline", "--no-db", lock,
                              "--registry", server.base_url()},
                             env);
  CHECK(offline.exit_code == 3);  // not in the cache
}
