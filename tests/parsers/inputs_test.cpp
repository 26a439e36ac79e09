#include <catch2/catch.hpp>
#include <filesystem>

#include "parsers/inputs.h"
#include "tests/parsers/lockfile_testing.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::read_fixture;
using tarsier::test::TempDir;

namespace {

const PackageRef* find(const ResolvedInputs& inputs, const std::string& name,
                       const std::string& version = "") {
  for (const auto& ref : inputs.packages) {
    if (ref.name == name && (version.empty() || ref.version == version)) {
      return &ref;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("inputs: a lockfile path and a directory holding it", "[parsers][inputs]") {
  TempDir dir;
  std::string lock = dir.write("app/package-lock.json",
                               read_fixture("fixtures/lockfiles/npm/v3/package-lock.json"));
  auto by_file = resolve_inputs({lock}, {});
  REQUIRE_FALSE(by_file.fatal);
  CHECK(by_file.lockfiles == std::vector<std::string>{lock});
  CHECK(by_file.packages.size() == 15);
  auto by_dir = resolve_inputs({dir.path() + "/app"}, {});
  REQUIRE_FALSE(by_dir.fatal);
  CHECK(by_dir.packages.size() == 15);
  CHECK(by_dir.lockfiles.size() == 1);
}

TEST_CASE("inputs: recursive search skips node_modules, .git and virtualenvs",
          "[parsers][inputs]") {
  TempDir dir;
  std::string v3 = read_fixture("fixtures/lockfiles/npm/v3/package-lock.json");
  std::string ws = read_fixture("fixtures/lockfiles/npm/workspaces/package-lock.json");
  dir.write("package-lock.json", v3);
  dir.write("services/api/package-lock.json", ws);
  dir.write("node_modules/dep/package-lock.json", "not even json");
  dir.write(".git/package-lock.json", "not even json");
  dir.write("env/pyvenv.cfg", "home = /usr\n");
  dir.write("env/lib/package-lock.json", "not even json");

  auto flat = resolve_inputs({dir.path()}, {});
  CHECK(flat.lockfiles.size() == 1);

  auto deep = resolve_inputs({dir.path()}, {true, "", ""});
  REQUIRE(deep.errors.empty());
  REQUIRE(deep.lockfiles.size() == 2);
  CHECK(deep.lockfiles[1].find("services/api") != std::string::npos);
  // Both lockfiles lock ms 2.1.3? No: v3 has 2.1.2 and 2.0.0, the monorepo 2.1.3: all kept.
  CHECK(find(deep, "ms", "2.1.3") != nullptr);
  CHECK(find(deep, "ms", "2.1.2") != nullptr);
  CHECK(find(deep, "@mono/a")->source == "workspace");

  auto forced = resolve_inputs({dir.path()}, {true, "pypi", ""});
  CHECK(forced.lockfiles.empty());
  CHECK(forced.fatal);  // no pypi lockfile there
}

TEST_CASE("inputs: duplicates merge, staying prod when any copy is prod", "[parsers][inputs]") {
  TempDir dir;
  const std::string sri = "sha512-" + std::string(86, 'A') + "==";
  dir.write("a/package-lock.json", R"({"lockfileVersion":3,"packages":{
    "node_modules/x":{"version":"1.0.0","dev":true,"integrity":")" +
                                       sri + R"("}}})");
  dir.write("b/package-lock.json", R"({"lockfileVersion":3,"packages":{
    "node_modules/x":{"version":"1.0.0"},
    "node_modules/y/node_modules/x":{"version":"1.0.0","optional":true}}})");
  auto inputs = resolve_inputs({dir.path() + "/a", dir.path() + "/b"}, {});
  REQUIRE(inputs.errors.empty());
  REQUIRE(inputs.packages.size() == 1);
  const PackageRef& x = inputs.packages[0];
  CHECK_FALSE(x.dev);
  CHECK_FALSE(x.optional);
  CHECK(x.integrity == sri);  // first occurrence wins
  CHECK(x.lockfile.find("/a/") != std::string::npos);
}

TEST_CASE("inputs: package specs", "[parsers][inputs]") {
  auto inputs = resolve_inputs(
      {"npm:lodash@4.17.21", "npm:@types/node", "pypi:requests==2.31.0", "pypi:Flask[async]"}, {});
  REQUIRE(inputs.errors.empty());
  REQUIRE(inputs.packages.size() == 4);
  CHECK(inputs.packages[0].id() == "npm:lodash@4.17.21");
  CHECK(inputs.packages[1].name == "@types/node");
  CHECK(inputs.packages[1].version.empty());
  CHECK(inputs.packages[2].id() == "pypi:requests@2.31.0");
  CHECK(inputs.packages[3].name == "Flask");

  auto forced = resolve_inputs({"left-pad@1.3.0"}, {false, "npm", ""});
  REQUIRE(forced.packages.size() == 1);
  CHECK(forced.packages[0].id() == "npm:left-pad@1.3.0");

  auto bad_npm = parse_package_spec("npm:@bad", "");
  REQUIRE_FALSE(bad_npm);
  CHECK(bad_npm.error().str().find("npm:NAME@VERSION") != std::string::npos);
  CHECK_FALSE(parse_package_spec("pypi:-x-==1", ""));
  CHECK_FALSE(parse_package_spec("cargo:serde@1", ""));
  auto good = parse_package_spec("pypi:Requests==2.31.0", "");
  REQUIRE(good);
  CHECK(good->ecosystem == "pypi");
  CHECK(good->version == "2.31.0");
  auto bad = resolve_inputs({"npm:has space@1"}, {});
  CHECK(bad.fatal);
}

TEST_CASE("inputs: local archives and package folders", "[parsers][inputs]") {
  TempDir dir;
  std::string tgz = dir.write("lodash-4.17.21.tgz", "x");
  std::string whl = dir.write("requests-2.31.0-py3-none-any.whl", "x");
  std::string sdist = dir.write("my-pkg-1.0.0rc1.tar.gz", "x");
  dir.write("unpacked/package.json", R"({"name":"@acme/tool","version":"0.4.2"})");
  dir.write("unpacked/index.js", "");
  auto inputs = resolve_inputs({tgz, whl, sdist, dir.path() + "/unpacked"}, {});
  REQUIRE(inputs.errors.empty());
  REQUIRE(inputs.archives.size() == 4);
  CHECK(inputs.archives[0].ref.id() == "npm:lodash@4.17.21");
  CHECK(inputs.archives[1].ref.id() == "pypi:requests@2.31.0");
  CHECK(inputs.archives[2].ref.id() == "pypi:my-pkg@1.0.0rc1");
  CHECK(inputs.archives[3].ref.id() == "npm:@acme/tool@0.4.2");
  CHECK(inputs.archives[3].unpacked);
  CHECK_FALSE(inputs.archives[0].unpacked);
}

TEST_CASE("inputs: unusable inputs are fatal with a clear message", "[parsers][inputs]") {
  TempDir dir;
  std::string other = dir.write("Gemfile.lock", "GEM\n");
  auto unsupported = resolve_inputs({other}, {});
  CHECK(unsupported.fatal);
  REQUIRE(unsupported.errors.size() == 1);
  CHECK(unsupported.errors[0].message.find("package-lock.json") != std::string::npos);

  auto missing = resolve_inputs({dir.path() + "/nope/package-lock.json"}, {});
  CHECK(missing.fatal);
  CHECK(missing.errors[0].message.find("no such file") != std::string::npos);

  std::filesystem::create_directories(dir.path() + "/empty");
  auto empty = resolve_inputs({dir.path() + "/empty"}, {});
  CHECK(empty.fatal);
  CHECK(empty.errors[0].message.find("no lockfile found") != std::string::npos);

  auto ecosystem = resolve_inputs({"npm:x@1"}, {false, "cargo", ""});
  CHECK(ecosystem.fatal);

  // A malformed lockfile next to a good input: the good one still resolves.
  std::string bad = dir.write("bad/package-lock.json", "{");
  auto mixed = resolve_inputs({bad, "npm:ms@2.1.3"}, {});
  CHECK(mixed.fatal);
  CHECK(mixed.packages.size() == 1);
  CHECK(mixed.errors[0].str().rfind(bad + ":1:2: ", 0) == 0);
}

TEST_CASE("inputs: a lockfile given as (display name, text) reads no file", "[parsers][inputs]") {
  std::string text = read_fixture("fixtures/lockfiles/npm/v3/package-lock.json");
  auto inputs =
      resolve_lockfile_text("origin/main:app/package-lock.json", "package-lock.json", text, {});
  REQUIRE_FALSE(inputs.fatal);
  CHECK(inputs.lockfiles == std::vector<std::string>{"origin/main:app/package-lock.json"});
  REQUIRE(inputs.packages.size() == 15);
  CHECK(inputs.packages.front().lockfile == "origin/main:app/package-lock.json");

  SECTION("a name that says nothing: the content decides") {
    auto by_content = resolve_lockfile_text("HEAD~1:lock", "lock", text, {});
    REQUIRE_FALSE(by_content.fatal);
    CHECK(by_content.packages.size() == 15);
  }
  SECTION("diagnostics carry the display name") {
    auto broken = resolve_lockfile_text("main:package-lock.json", "package-lock.json",
                                        "{\"lockfileVersion\": 3, \"packages\": [", {});
    REQUIRE_FALSE(broken.errors.empty());
    CHECK(broken.errors.front().path == "main:package-lock.json");
  }
  SECTION("an include is reported, not followed") {
    auto reqs = resolve_lockfile_text("main:requirements.txt", "requirements.txt",
                                      "requests==2.31.0\n-r other.txt\n", {});
    REQUIRE(reqs.packages.size() == 1);
    REQUIRE(reqs.errors.size() == 1);
    CHECK(reqs.errors[0].str() ==
          "main:requirements.txt:2:1: includes other.txt, which is not followed in a lockfile "
          "given as text");
  }
}
