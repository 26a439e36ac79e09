// yarn.lock (classic and Berry), pnpm-lock.yaml and bun.lock on lockfiles written by the real
// tools for one dependency set: debug, @sindresorhus/is, core-js (install script), ajv-keywords
// (peer ajv), the alias my-ms -> ms@2.0.0, dev is-number@7, optional is-odd (-> is-number@6).
#include <catch2/catch.hpp>

#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"

using namespace tarsier;
using tarsier::test::find_package;
using tarsier::test::fixture_line_of;
using tarsier::test::parse_fixture;

namespace {

void check_common_set(const LockfileResult& result, const std::string& relative) {
  REQUIRE(result.errors.empty());
  REQUIRE_FALSE(result.fatal);
  const PackageRef* debug = find_package(result, "debug", "4.3.4");
  REQUIRE(debug != nullptr);
  CHECK(debug->ecosystem == "npm");
  CHECK(debug->source == "registry");
  CHECK(debug->lockfile == relative);
  CHECK(debug->line > 0);
  const PackageRef* alias = find_package(result, "ms", "2.0.0");
  REQUIRE(alias != nullptr);
  CHECK(alias->alias == "my-ms");
  CHECK(find_package(result, "ms", "2.1.2") != nullptr);
  CHECK(find_package(result, "@sindresorhus/is", "4.6.0") != nullptr);
  CHECK(find_package(result, "is-number", "6.0.0") != nullptr);
  CHECK(find_package(result, "is-number", "7.0.0") != nullptr);
  for (size_t i = 1; i < result.packages.size(); ++i) {
    CHECK(result.packages[i - 1].line <= result.packages[i].line);
  }
}

}  // namespace

TEST_CASE("yarn classic: entries, integrity and registry URLs", "[parsers][yarn]") {
  std::string file = "npm/yarn-classic/yarn.lock";
  auto result = parse_fixture(yarn_lock_parser(), file);
  check_common_set(result, file);
  const PackageRef* debug = find_package(result, "debug");
  CHECK(debug->line == fixture_line_of(file, "debug@4.3.4:"));
  CHECK(debug->integrity.rfind("sha512-", 0) == 0);
  // The "#<sha1>" fragment is cut from the URL.
  CHECK(debug->resolved == "https://registry.example.test/debug/-/debug-4.3.4.tgz");

  auto bad = parse_fixture(yarn_lock_parser(), "npm/yarn-classic-one-bad/yarn.lock");
  const PackageRef* good = find_package(bad, "good");
  REQUIRE(good != nullptr);
  // No integrity line: the sha1 fragment becomes the integrity.
  CHECK(good->integrity == "sha1-ASNFZ4mrze8BI0VniavN7wEjRWc=");
  CHECK(find_package(bad, "also-good")->version == "3.1.0");
  CHECK(find_package(bad, "from-git")->source == "git");
}

TEST_CASE("yarn Berry: metadata versions 6 and 10", "[parsers][yarn]") {
  for (std::string file : {"npm/yarn-berry-v6/yarn.lock", "npm/yarn-berry-v10/yarn.lock"}) {
    INFO(file);
    auto result = parse_fixture(yarn_lock_parser(), file);
    check_common_set(result, file);
    // Berry's checksum hashes its own zip, not the registry tarball: no integrity.
    CHECK(find_package(result, "debug")->integrity.empty());
    const PackageRef* root = find_package(result, "fixture-app");
    REQUIRE(root != nullptr);
    CHECK(root->source == "workspace");
  }
  auto bad = parse_fixture(yarn_lock_parser(), "npm/yarn-berry-one-bad/yarn.lock");
  CHECK(find_package(bad, "from-git")->source == "git");
  CHECK(find_package(bad, "local")->source == "link");
}

TEST_CASE("pnpm: lockfile versions 5.3, 5.4, 6.0 and 9.0", "[parsers][pnpm]") {
  for (std::string version : {"5.3", "5.4", "6.0", "9.0"}) {
    std::string file = "npm/pnpm-" + version + "/pnpm-lock.yaml";
    INFO(file);
    auto result = parse_fixture(pnpm_lock_parser(), file);
    check_common_set(result, file);
    CHECK(find_package(result, "is-number", "7.0.0")->dev);
    CHECK_FALSE(find_package(result, "debug")->dev);
    CHECK(find_package(result, "is-odd")->optional);
    // Scopes follow the graph: is-odd's nested is-number is optional too, debug's ms is prod.
    CHECK(find_package(result, "is-number", "6.0.0")->optional);
    CHECK_FALSE(find_package(result, "is-number", "6.0.0")->dev);
    CHECK_FALSE(find_package(result, "ms", "2.1.2")->optional);
    CHECK_FALSE(find_package(result, "ms", "2.1.2")->dev);
    CHECK(find_package(result, "debug")->integrity.rfind("sha512-", 0) == 0);
    if (version != "9.0") {
      CHECK(find_package(result, "core-js")->has_install_script);  // requiresBuild
    }
  }
  auto bad = parse_fixture(pnpm_lock_parser(), "npm/pnpm-one-bad/pnpm-lock.yaml");
  const PackageRef* tarball = find_package(bad, "from-git");
  REQUIRE(tarball != nullptr);
  CHECK(tarball->source == "http");
  CHECK(tarball->version == "1.0.0");
  CHECK(find_package(bad, "local")->source == "link");
}

TEST_CASE("bun.lock: trailing commas, aliases, nested copies", "[parsers][bun]") {
  std::string file = "npm/bun-v2/bun.lock";
  auto result = parse_fixture(bun_lock_parser(), file);
  check_common_set(result, file);
  CHECK(find_package(result, "core-js")->has_install_script);
  CHECK(find_package(result, "is-number", "7.0.0")->dev);
  CHECK(find_package(result, "is-odd")->optional);
  // Scopes follow the graph: is-odd's nested is-number is optional too, debug's ms is prod.
  CHECK(find_package(result, "is-number", "6.0.0")->optional);
  CHECK_FALSE(find_package(result, "is-number", "6.0.0")->dev);
  CHECK_FALSE(find_package(result, "ms", "2.1.2")->optional);
  CHECK_FALSE(find_package(result, "ms", "2.1.2")->dev);
  CHECK(find_package(result, "debug")->line == fixture_line_of(file, "\"debug\": [\"debug@"));

  auto bad = parse_fixture(bun_lock_parser(), "npm/bun-one-bad/bun.lock");
  CHECK(find_package(bad, "from-git")->source == "git");
  CHECK(find_package(bad, "local")->source == "file");
  const PackageRef* nested = find_package(bad, "nested");
  REQUIRE(nested != nullptr);
  CHECK(nested->resolved == "https://other.example.test/nested/-/nested-2.0.0.tgz");
  CHECK(nested->source == "registry");
}
