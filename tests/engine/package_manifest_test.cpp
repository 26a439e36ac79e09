// What a package says about itself (analyzer/engine/package_manifest.h): identity from
// package.json / PKG-INFO / METADATA, and dependencies fetched from URLs instead of a registry.
// Also the install-time weight of a single strong technique (file_scan.cpp).
#include <algorithm>
#include <catch2/catch.hpp>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/manifest.h"
#include "analyzer/engine/package_manifest.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;

namespace {

const Finding* find_rule(const PackageAnalysis& a, const std::string& rule) {
  for (const auto& f : a.findings) {
    if (f.rule == rule)
      return &f;
  }
  return nullptr;
}

std::vector<UrlDependency> url_deps(const std::string& package_json) {
  std::vector<ArchiveEntry> files = {{"package.json", package_json}};
  return url_dependencies(root_package_json(files));
}

}  // namespace

TEST_CASE("package identity comes from the manifest", "[engine][manifest]") {
  SECTION("npm package.json") {
    auto id =
        manifest_identity({{"package.json", R"({"name":"left-pad","version":"1.3.0"})"}}, "npm");
    REQUIRE(id);
    CHECK(id->name == "left-pad");
    CHECK(id->version == "1.3.0");
  }
  SECTION("an sdist's PKG-INFO") {
    auto id = manifest_identity({{"setup.py", ""},
                                 {"PKG-INFO",
                                  "Metadata-Version: 2.1\nName: reqeusts\nVersion: 2.0\n\n"
                                  "Name: not-this\n"}},
                                "pypi");
    REQUIRE(id);
    CHECK(id->name == "reqeusts");
    CHECK(id->version == "2.0");
  }
  SECTION("a wheel's METADATA") {
    auto id = manifest_identity(
        {{"pkg/__init__.py", ""},
         {"pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n"}},
        "pypi");
    REQUIRE(id);
    CHECK(id->name == "pkg");
  }
  SECTION("no manifest, or an unreadable one") {
    CHECK_FALSE(manifest_identity({{"index.js", ""}}, "npm"));
    CHECK_FALSE(manifest_identity({{"package.json", "{not json"}}, "npm"));
    CHECK_FALSE(manifest_identity({{"package.json", R"({"version":"1.0.0"})"}}, "npm"));
    // Past the JSON depth bound, or a number that overflows: unreadable, without an exception
    // and without building a deep document.
    CHECK_FALSE(manifest_identity({{"package.json", std::string(1000000, '[')}}, "npm"));
    CHECK_FALSE(manifest_identity({{"package.json", R"({"name":"x","n":1e99999})"}}, "npm"));
    CHECK(url_deps(std::string(1000000, '[')).empty());
    CHECK(url_deps(R"({"dependencies":{"a":"git+https://x/y"},"n":1e99999})").empty());
  }
}

TEST_CASE("url-dependency: dependencies fetched from a URL or git", "[engine][manifest]") {
  std::string manifest = R"({
  "name": "pkg",
  "version": "1.0.0",
  "dependencies": {
    "lodash": "^4.17.21",
    "helper": "https://files.example.invalid/helper-1.0.0.tgz",
    "tool": "github:someone/tool#main",
    "short": "someone/short",
    "local": "file:../local",
    "aliased": "npm:real@1.0.0"
  },
  "optionalDependencies": { "opt": "git+https://git.example.invalid/opt.git" },
  "peerDependencies": { "peer": "https://files.example.invalid/peer.tgz" },
  "devDependencies": { "dev": "https://files.example.invalid/dev.tgz" }
})";
  auto deps = url_deps(manifest);
  std::vector<std::string> names;
  for (const auto& d : deps)
    names.push_back(d.name);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"helper", "opt", "peer", "short", "tool"});

  auto a =
      test::shared_analyzer().analyze(test::sample_ref("pkg"), {{"package.json", manifest}}, {});
  const Finding* f = find_rule(a, "url-dependency");
  REQUIRE(f != nullptr);
  CHECK(f->file == "package.json");
  CHECK(f->line == 6);
  CHECK(f->severity == Risk::medium);
  CHECK(a.risk == Risk::medium);

  auto clean = test::shared_analyzer().analyze(
      test::sample_ref("pkg"),
      {{"package.json", R"({"name":"pkg","version":"1.0.0","dependencies":{"a":"^1.0.0"}})"}}, {});
  CHECK(find_rule(clean, "url-dependency") == nullptr);
}

TEST_CASE("a single strong technique in install-time code is at least medium",
          "[engine][install]") {
  std::string code = "const cp = require('child_process');\ncp.execSync('node-gyp --version');\n";
  auto install = test::shared_analyzer().analyze(
      test::sample_ref("pkg"),
      {{"package.json",
        R"({"name":"pkg","version":"1.0.0","scripts":{"postinstall":"node s.js"}})"},
       {"s.js", code}},
      {});
  const Finding* at_install = find_rule(install, "js-exec-call");
  REQUIRE(at_install != nullptr);
  CHECK(at_install->install_time);
  CHECK(at_install->severity == Risk::medium);

  auto runtime = test::shared_analyzer().analyze(
      test::sample_ref("pkg"),
      {{"package.json", R"({"name":"pkg","version":"1.0.0"})"}, {"s.js", code}}, {});
  const Finding* at_runtime = find_rule(runtime, "js-exec-call");
  REQUIRE(at_runtime != nullptr);
  CHECK(at_runtime->severity == Risk::low);
  CHECK(runtime.risk == Risk::low);
}

TEST_CASE("a package.json given twice: the last one counts for every reader",
          "[engine][manifest]") {
  // A hostile archive may hold the path twice; installed, the second overwrites the first.
  std::vector<ArchiveEntry> files = {{"package.json", R"({"name":"decoy","version":"1.0.0"})"},
                                     {"package.json", R"({"name":"real","version":"2.0.0",
        "scripts":{"postinstall":"node x.js"},
        "dependencies":{"t":"github:someone/t"}})"},
                                     {"x.js", "require('child_process').exec('id');\n"}};
  PackageJson manifest = root_package_json(files);
  REQUIRE(manifest.entry == &files[1]);
  auto id = manifest_identity(files, "npm");
  REQUIRE(id);
  CHECK(id->name == "real");
  CHECK(id->version == "2.0.0");
  InstallReach reach = find_install_reach(files, manifest);
  REQUIRE(reach.commands.size() == 1);
  CHECK(reach.commands[0].command == "node x.js");
  CHECK(reach.files.count("x.js") == 1);
  auto deps = url_dependencies(manifest);
  REQUIRE(deps.size() == 1);
  CHECK(deps[0].name == "t");
}

TEST_CASE("an unreadable package.json is one error, read by nobody", "[engine][manifest]") {
  std::vector<ArchiveEntry> files = {{"package.json", "{\"name\": \"x\",\n  oops}"}};
  PackageJson manifest = root_package_json(files);
  REQUIRE(manifest.error);
  CHECK(manifest.doc.is_null());
  InstallReach reach = find_install_reach(files, manifest);
  REQUIRE(reach.errors.size() == 1);
  CHECK(reach.errors[0].rfind("package.json:2:3: not valid JSON", 0) == 0);
  CHECK(url_dependencies(manifest).empty());
  CHECK_FALSE(root_package_json({{"index.js", ""}}).entry);
}
