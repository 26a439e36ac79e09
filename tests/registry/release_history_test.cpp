// The release-history readers (npm packument, PyPI JSON API) and the registry signals computed
// from them with a fixed clock.
#include <catch2/catch.hpp>

#include "analyzer/registry/release_history.h"
#include "analyzer/scan/registry_signals.h"

using namespace tarsier;

namespace {

const char* k_packument = R"({
  "name": "@acme/tool",
  "time": {"1.0.0": "2024-01-01T00:00:00.000Z", "1.0.1": "2025-06-01T00:00:00.000Z"},
  "versions": {
    "1.0.0": {"name": "@acme/tool", "version": "1.0.0", "bin": "cli.js",
              "_npmUser": {"name": "alice"}, "maintainers": [{"name": "alice"}],
              "repository": {"type": "git", "url": "https://github.com/acme/monorepo",
                             "directory": "packages/tool"}},
    "1.0.1": {"name": "@acme/tool", "version": "1.0.1", "deprecated": "use 2.x",
              "bin": {"tool": "cli.js"}, "optionalDependencies": {"fsevents": "^2.0.0"},
              "_npmUser": {"name": "alice"}, "repository": "github:acme/monorepo"}
  }
})";

std::vector<std::string> rules(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.rule);
  }
  return out;
}

PackageRef ref(const std::string& name, const std::string& version,
               const std::string& ecosystem = "npm") {
  PackageRef r;
  r.ecosystem = ecosystem;
  r.name = name;
  r.version = version;
  return r;
}

}  // namespace

TEST_CASE("npm release history: bins, deprecation, repository and people", "[registry-signals]") {
  auto history = read_npm_release_history(k_packument, "doc");
  REQUIRE(history);
  REQUIRE(history->versions.size() == 2);
  const ReleaseInfo& first = history->versions[0];
  CHECK(first.bin.at("tool") == "cli.js");  // a string bin is named after the unscoped package
  CHECK(first.repository_directory == "packages/tool");
  CHECK(first.publisher == "alice");
  const ReleaseInfo& second = *find_release(*history, "npm", "1.0.1");
  CHECK(second.deprecated == "use 2.x");
  CHECK(second.dependencies.at("fsevents") == "^2.0.0");
  CHECK(find_release(*history, "npm", "1.0.2") == nullptr);

  RegistrySignalOptions options;
  options.now = *parse_utc_iso("2025-06-02T00:00:00Z");
  // Monorepo with a directory: no mismatch; the scope matches the shorthand repository.
  CHECK(rules(registry_signals(ref("@acme/tool", "1.0.0"), *history, options)).empty());
  CHECK(rules(registry_signals(ref("@acme/tool", "1.0.1"), *history, options)) ==
        std::vector<std::string>{"release-age", "deprecated-version", "dependency-added-in-patch"});
  options.min_release_age = std::chrono::hours(12);
  CHECK(rules(registry_signals(ref("@acme/tool", "1.0.1"), *history, options)) ==
        std::vector<std::string>{"deprecated-version", "dependency-added-in-patch"});
}

TEST_CASE("malformed registry answers are errors with a position", "[registry-signals]") {
  auto truncated = read_npm_release_history("{\"versions\": ", "reg/x");
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().str().starts_with("reg/x:1:"));
  CHECK(truncated.error().where.path == "reg/x");
  CHECK(truncated.error().kind == ErrorKind::invalid);
  auto no_versions = read_npm_release_history("{\"versions\": []}", "reg/x");
  REQUIRE_FALSE(no_versions);
  CHECK(no_versions.error().str().find("\"versions\" object") != std::string::npos);
  auto no_releases = read_pypi_release_history("{\"info\": {}}", "reg/y");
  REQUIRE_FALSE(no_releases);
  CHECK(no_releases.error().str().find("\"releases\"") != std::string::npos);
  RegistrySignalOptions options;
  CHECK(registry_signals_not_done("why", options).severity == Risk::low);
  options.min_release_age = std::chrono::hours(1);
  CHECK(registry_signals_not_done("why", options).severity == Risk::high);
}

TEST_CASE("PyPI release history: earliest upload, yanked only when every file is",
          "[registry-signals]") {
  const char* doc = R"({
    "info": {"name": "Demo", "version": "1.1", "home_page": "https://gitlab.com/demo/demo"},
    "releases": {
      "1.0": [{"upload_time_iso_8601": "2024-02-01T10:00:00.123456Z", "yanked": true},
              {"upload_time": "2024-01-31T09:00:00", "yanked": false}],
      "1.1": [{"upload_time_iso_8601": "2024-03-01T00:00:00Z", "yanked": true,
               "yanked_reason": "bad"}]
    }
  })";
  auto history = read_pypi_release_history(doc, "doc");
  REQUIRE(history);
  const ReleaseInfo& old = *find_release(*history, "pypi", "1.0.0");
  CHECK(old.published_at == "2024-01-31T09:00:00Z");
  CHECK_FALSE(old.yanked);
  CHECK_FALSE(old.repository_known);
  const ReleaseInfo& latest = *find_release(*history, "pypi", "1.1");
  CHECK(latest.yanked);
  CHECK(latest.yanked_reason == "bad");
  CHECK(latest.repository == "https://gitlab.com/demo/demo");
  RegistrySignalOptions options;
  options.now = *parse_utc_iso("2025-01-01T00:00:00Z");
  CHECK(rules(registry_signals(ref("demo", "1.0", "pypi"), *history, options)).empty());
  CHECK(rules(registry_signals(ref("demo", "1.1", "pypi"), *history, options)) ==
        std::vector<std::string>{"yanked-version"});
}

TEST_CASE("manifest confusion compares name, version, scripts, dependencies and bin",
          "[registry-signals]") {
  auto registry = read_npm_manifest(
      R"({"name": "a", "version": "1.0.0", "bin": "x.js", "dependencies": {"b": "^1"}})", "r");
  REQUIRE(registry);
  CHECK(manifest_confusion(ref("a", "1.0.0"), *registry,
                           std::string(R"({"name": "a", "version": "1.0.0", "bin": {"a": "x.js"},
                                          "dependencies": {"b": "^1"}, "description": "x"})"))
            .empty());
  auto found = manifest_confusion(
      ref("a", "1.0.0"), *registry,
      std::string(R"({"name": "a", "version": "1.0.1", "dependencies": {"b": "^2", "c": "1"}})"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Risk::high);
  CHECK(found[0].message.find("version '1.0.1' in the archive") != std::string::npos);
  CHECK(found[0].message.find("dependencies c only in the archive") != std::string::npos);
  CHECK(found[0].message.find("dependencies b differ") != std::string::npos);
  CHECK(found[0].message.find("bin a only in the registry") != std::string::npos);
  CHECK(manifest_confusion(ref("a", "1.0.0"), *registry, std::nullopt).size() == 1);
  CHECK(manifest_confusion(ref("a", "1.0.0"), *registry, std::string("[1]")).size() == 1);
  // What npm's publish step adds or rewrites is not a difference.
  auto published = read_npm_manifest(
      R"({"name": "g", "version": "1.0.0", "bin": {"g": "bin/g.js"},
          "scripts": {"install": "node-gyp rebuild"}})",
      "r");
  REQUIRE(published);
  CHECK(manifest_confusion(ref("g", "1.0.0"), *published,
                           std::string(R"({"name": "g", "version": "1.0.0",
                                          "bin": {"g": "./bin/g.js"}})"))
            .empty());
}
