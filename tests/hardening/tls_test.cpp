// A registry served over TLS with a certificate signed by a CA nobody trusts: the package fails
// with a clear reason and nothing is cached; the CA given with --cacert, or with cafile in the
// project's .npmrc, makes the same registry accepted. Real TLS (OpenSSL) in front of the local
// test registry, through the real binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"
#include "tests/support/tls_proxy.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// A package-lock.json with tiny-pad resolved at `registry` (an https URL ending with '/').
std::string write_project(const TempDir& dir, RegistryServer& server, const std::string& registry,
                          const std::string& npmrc_extra) {
  std::string integrity =
      server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"));
  json packages = {{"", {{"name", "demo"}}},
                   {"node_modules/tiny-pad",
                    {{"version", "1.0.0"},
                     {"resolved", registry + tarball_path("tiny-pad", "1.0.0").substr(1)},
                     {"integrity", integrity}}}};
  dir.write("project/.npmrc", "registry=" + registry + "\n" + npmrc_extra);
  return dir.write("project/package-lock.json",
                   json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump());
}

json scan(const TempDir& dir, const std::string& lock, std::vector<std::string> extra,
          int* exit_code) {
  std::vector<std::string> argv = {tarsier_binary(), "scan",    "-q",        "--format",
                                   "json",           "--no-db", "--retries", "0"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(lock);
  auto run = run_process(argv, isolated_env(dir.path()));
  INFO(run.out << run.err);
  *exit_code = run.exit_code;
  return json::parse(run.out);
}

bool cached_anything(const std::string& cache_dir) {
  if (!std::filesystem::exists(cache_dir)) {
    return false;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cache_dir)) {
    if (entry.is_regular_file()) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("a registry whose TLS certificate no trusted CA signed is refused", "[hardening][tls]") {
  RegistryServer server;
  TempDir dir;
  std::string ca = dir.path() + "/test-ca.pem";
  TlsProxy tls(server.port(), ca);
  std::string lock = write_project(dir, server, tls.base_url(), "");

  int exit_code = 0;
  json report = scan(dir, lock, {}, &exit_code);
  CHECK(exit_code == 3);  // incomplete
  REQUIRE(report["packages"].size() == 1);
  const json& package = report["packages"][0];
  REQUIRE(package["error"].is_string());
  std::string error = package["error"];
  CHECK(error.find("TLS certificate not trusted for " + tls.base_url()) != std::string::npos);
  CHECK(error.find("--cacert") != std::string::npos);
  CHECK(server.request_count(tarball_path("tiny-pad", "1.0.0")) == 0);  // no byte got through
  CHECK_FALSE(cached_anything(dir.path() + "/cache"));

  SECTION("--cacert makes it accepted") {
    json trusted = scan(dir, lock, {"--cacert", ca}, &exit_code);
    CHECK(exit_code == 0);
    CHECK(trusted["packages"][0]["error"].is_null());
    CHECK(server.request_count(tarball_path("tiny-pad", "1.0.0")) == 1);
  }
  SECTION("cafile in .npmrc makes it accepted") {
    TempDir other;
    std::string relative_lock = write_project(other, server, tls.base_url(), "cafile=../ca.pem\n");
    std::filesystem::copy_file(ca, other.path() + "/ca.pem");
    json trusted = scan(other, relative_lock, {}, &exit_code);
    CHECK(exit_code == 0);
    CHECK(trusted["packages"][0]["error"].is_null());
  }
}
