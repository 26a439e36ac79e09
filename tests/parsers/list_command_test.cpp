#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/parsers/lockfile_testing.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier::test;

TEST_CASE("tarsier list --format json prints the resolved packages", "[parsers][cli]") {
  std::string lock = source_path("fixtures/lockfiles/npm/v3/package-lock.json");
  auto run = run_process({tarsier_binary(), "list", "--format", "json", lock});
  REQUIRE(run.exit_code == 0);
  auto doc = nlohmann::json::parse(run.out);
  REQUIRE(doc["packages"].size() == 15);
  nlohmann::json alias;
  for (const auto& entry : doc["packages"]) {
    CHECK(entry["ecosystem"] == "npm");
    CHECK(entry["lockfile"] == lock);
    CHECK(entry["line"].get<int>() > 0);
    if (entry.contains("alias")) {
      alias = entry;
    }
  }
  CHECK(alias["name"] == "ms");
  CHECK(alias["alias"] == "my-ms");
  CHECK(alias["version"] == "2.0.0");
  CHECK(alias["source"] == "registry");
  CHECK(alias["integrity"].get<std::string>().rfind("sha512-", 0) == 0);
}

TEST_CASE("tarsier list exits 2 with path:line:col on malformed input", "[parsers][cli]") {
  std::string lock = source_path("fixtures/lockfiles/npm/truncated/package-lock.json");
  auto run = run_process({tarsier_binary(), "list", lock});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find(lock + ":27:16: invalid JSON") != std::string::npos);

  auto text = run_process({tarsier_binary(), "list", "npm:ms@2.1.3", "pypi:requests==2.31.0"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("npm:ms@2.1.3") != std::string::npos);
  CHECK(text.out.find("pypi:requests@2.31.0") != std::string::npos);

  auto usage = run_process({tarsier_binary(), "list", "--format", "xml", "npm:ms"});
  CHECK(usage.exit_code == 2);
}
