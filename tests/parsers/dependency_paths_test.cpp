// Dependency paths ("how a package got there") for the formats that record the graph but not
// the paths: pnpm, yarn classic and Berry, poetry and package-lock version 1. They all go
// through the one ScopeGraph (parsers/common/dependency_scope.h).
#include <catch2/catch.hpp>

#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"

using namespace tarsier;
using tarsier::test::find_package;
using tarsier::test::parse_fixture;

namespace {

using Path = std::vector<std::string>;

Path via(const LockfileResult& result, const std::string& name, const std::string& version) {
  const PackageRef* ref = find_package(result, name, version);
  INFO(name << "@" << version);
  REQUIRE(ref != nullptr);
  return ref->via;
}

}  // namespace

TEST_CASE("pnpm: dependency paths from the importers through the snapshots", "[parsers][paths]") {
  auto result = parse_fixture(pnpm_lock_parser(), "npm/pnpm-9.0/pnpm-lock.yaml");
  REQUIRE(result.errors.empty());
  CHECK(via(result, "debug", "4.3.4") == Path{"debug"});
  CHECK(via(result, "ms", "2.1.2") == Path{"debug", "ms"});
  CHECK(via(result, "ms", "2.0.0") == Path{"ms"});                // installed as my-ms
  CHECK(via(result, "is-number", "7.0.0") == Path{"is-number"});  // a dev dependency
  CHECK(via(result, "is-number", "6.0.0") == Path{"is-odd", "is-number"});
  // Peer-suffixed keys ("ajv-keywords@3.5.2(ajv@6.15.0)") are followed too.
  CHECK(via(result, "punycode", "2.3.1") == Path{"ajv-keywords", "ajv", "uri-js", "punycode"});
}

TEST_CASE("pnpm 5.x and 6.0: dependency paths with the older key schemes", "[parsers][paths]") {
  for (const char* fixture : {"npm/pnpm-5.4/pnpm-lock.yaml", "npm/pnpm-6.0/pnpm-lock.yaml"}) {
    INFO(fixture);
    auto result = parse_fixture(pnpm_lock_parser(), fixture);
    REQUIRE(result.errors.empty());
    CHECK(via(result, "debug", "4.3.4") == Path{"debug"});
    CHECK(via(result, "ms", "2.1.2") == Path{"debug", "ms"});
    CHECK(via(result, "is-number", "6.0.0") == Path{"is-odd", "is-number"});
  }
}

TEST_CASE("yarn classic: dependency paths from the entries' dependencies", "[parsers][paths]") {
  auto result = parse_fixture(yarn_lock_parser(), "npm/yarn-classic/yarn.lock");
  REQUIRE(result.errors.empty());
  // No project entry: the packages nothing depends on are the direct ones.
  CHECK(via(result, "debug", "4.3.4") == Path{"debug"});
  CHECK(via(result, "ms", "2.1.2") == Path{"debug", "ms"});
  CHECK(via(result, "is-number", "6.0.0") == Path{"is-odd", "is-number"});
  CHECK(via(result, "is-number", "7.0.0") == Path{"is-number"});
}

TEST_CASE("yarn Berry: dependency paths from the workspace entry", "[parsers][paths]") {
  auto result = parse_fixture(yarn_lock_parser(), "npm/yarn-berry-v10/yarn.lock");
  REQUIRE(result.errors.empty());
  CHECK(via(result, "debug", "4.3.4") == Path{"debug"});
  CHECK(via(result, "ms", "2.1.2") == Path{"debug", "ms"});
  CHECK(via(result, "ms", "2.0.0") == Path{"ms"});  // the alias my-ms
  CHECK(via(result, "is-number", "6.0.0") == Path{"is-odd", "is-number"});
  const PackageRef* app = find_package(result, "fixture-app");
  REQUIRE(app != nullptr);
  CHECK(app->via.empty());  // the project itself
}

TEST_CASE("poetry: dependency paths from [package.dependencies]", "[parsers][paths]") {
  auto result = parse_fixture(poetry_lock_parser(), "pypi/poetry-deps/poetry.lock");
  REQUIRE(result.errors.empty());
  CHECK(via(result, "requests", "2.31.0") == Path{"requests"});
  CHECK(via(result, "urllib3", "2.2.1") == Path{"requests", "urllib3"});
  // Names compare normalised: "PySocks" in the table is the package "pysocks".
  CHECK(via(result, "pysocks", "1.7.1") == Path{"requests", "pysocks"});
}

TEST_CASE("package-lock v1: dependency paths resolve like node_modules", "[parsers][paths]") {
  auto result = parse_fixture(package_lock_parser(), "npm/v1/package-lock.json");
  REQUIRE(result.errors.empty());
  CHECK(via(result, "debug", "4.3.4") == Path{"debug"});
  CHECK(via(result, "ms", "2.1.2") == Path{"debug", "ms"});
  // is-odd's "is-number" resolves to its nested copy, not the top-level 7.0.0.
  CHECK(via(result, "is-number", "6.0.0") == Path{"is-odd", "is-number"});
  CHECK(via(result, "is-number", "7.0.0") == Path{"is-number"});
  CHECK(via(result, "punycode", "2.3.1") == Path{"ajv", "uri-js", "punycode"});
}
