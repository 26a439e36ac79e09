#include <catch2/catch.hpp>

#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"

using namespace tarsier;
using tarsier::test::find_package;
using tarsier::test::fixture_line_of;
using tarsier::test::parse_fixture;

namespace {
const LockfileParser& parser() {
  return package_lock_parser();
}
}  // namespace

TEST_CASE("package-lock: file names", "[parsers][npm]") {
  CHECK(parser().accepts_file_name("package-lock.json"));
  CHECK(parser().accepts_file_name("npm-shrinkwrap.json"));
  CHECK_FALSE(parser().accepts_file_name("package.json"));
  CHECK(find_lockfile_parser("npm-shrinkwrap.json") == &parser());
}

TEST_CASE("package-lock: v1, v2 and v3 written by npm give the same packages", "[parsers][npm]") {
  for (const char* version : {"v1", "v2", "v3"}) {
    INFO(version);
    std::string file = std::string("npm/") + version + "/package-lock.json";
    auto result = parse_fixture(parser(), file);
    REQUIRE(result.errors.empty());
    REQUIRE_FALSE(result.fatal);
    CHECK(result.packages.size() == 15);

    const PackageRef* debug = find_package(result, "debug", "4.3.4");
    REQUIRE(debug != nullptr);
    CHECK(debug->ecosystem == "npm");
    CHECK(debug->integrity.rfind("sha512-", 0) == 0);
    CHECK_FALSE(debug->dev);
    CHECK(debug->source == "registry");
    CHECK(debug->lockfile == file);

    // The alias "my-ms": "npm:ms@2.0.0" keeps its real name.
    const PackageRef* alias = find_package(result, "ms", "2.0.0");
    REQUIRE(alias != nullptr);
    CHECK(alias->alias == "my-ms");

    const PackageRef* scoped = find_package(result, "@sindresorhus/is", "4.6.0");
    REQUIRE(scoped != nullptr);
    CHECK(scoped->line > 0);

    const PackageRef* dev = find_package(result, "is-number", "7.0.0");
    REQUIRE(dev != nullptr);
    CHECK(dev->dev);
    CHECK_FALSE(dev->optional);
    const PackageRef* optional = find_package(result, "is-odd", "3.0.1");
    REQUIRE(optional != nullptr);
    CHECK(optional->optional);
    CHECK_FALSE(optional->dev);
    // Nested copy below is-odd: same name, other version, kept separately.
    CHECK(find_package(result, "is-number", "6.0.0") != nullptr);
    const PackageRef* peer = find_package(result, "ajv");
    REQUIRE(peer != nullptr);
    CHECK(peer->peer);
  }
}

TEST_CASE("package-lock: line numbers point at each entry's key", "[parsers][npm]") {
  auto v3 = parse_fixture(parser(), "npm/v3/package-lock.json");
  const PackageRef* core = find_package(v3, "core-js");
  REQUIRE(core != nullptr);
  CHECK(core->line == fixture_line_of("npm/v3/package-lock.json", "\"node_modules/core-js\""));
  CHECK(core->has_install_script);
  // Packages come out in file order.
  for (size_t i = 1; i < v3.packages.size(); ++i) {
    CHECK(v3.packages[i - 1].line < v3.packages[i].line);
  }
  auto v1 = parse_fixture(parser(), "npm/v1/package-lock.json");
  const PackageRef* my_ms = find_package(v1, "ms", "2.0.0");
  REQUIRE(my_ms != nullptr);
  CHECK(my_ms->line == fixture_line_of("npm/v1/package-lock.json", "\"my-ms\": {"));
}

TEST_CASE("package-lock: resolved URLs are kept when npm writes them", "[parsers][npm]") {
  auto v2 = parse_fixture(parser(), "npm/v2/package-lock.json");
  const PackageRef* debug = find_package(v2, "debug");
  REQUIRE(debug != nullptr);
  CHECK(debug->resolved == "https://registry.example.test/debug/-/debug-4.3.4.tgz");
  CHECK(debug->source == "registry");
}

TEST_CASE("package-lock: npm-shrinkwrap.json", "[parsers][npm]") {
  auto result = parse_fixture(parser(), "npm/shrinkwrap/npm-shrinkwrap.json");
  REQUIRE(result.errors.empty());
  CHECK(find_package(result, "ms", "2.1.3") != nullptr);
  CHECK(find_package(result, "@isaacs/string-locale-compare", "1.1.0") != nullptr);
}

TEST_CASE("package-lock: workspaces and links are local, not fetched", "[parsers][npm]") {
  auto result = parse_fixture(parser(), "npm/workspaces/package-lock.json");
  REQUIRE(result.errors.empty());
  CHECK(result.packages.size() == 5);
  const PackageRef* a = find_package(result, "@mono/a");
  REQUIRE(a != nullptr);
  CHECK(a->source == "workspace");
  CHECK(a->version == "1.2.0");
  // A file: dependency is linked; its folder entry has no name, the link gives it.
  const PackageRef* local = find_package(result, "local-lib");
  REQUIRE(local != nullptr);
  CHECK(local->source == "link");
  CHECK(local->version == "0.1.0");
  CHECK(find_package(result, "ms", "2.1.3")->source == "registry");
}

TEST_CASE("package-lock: git, http and file sources", "[parsers][npm]") {
  auto v3 = parse_fixture(parser(), "npm/git-file-deps/package-lock.json");
  REQUIRE(v3.errors.empty());
  CHECK(find_package(v3, "from-git")->source == "git");
  CHECK(find_package(v3, "from-git")->has_install_script);
  CHECK(find_package(v3, "from-tarball")->source == "http");
  CHECK(find_package(v3, "from-file")->source == "file");
  CHECK(find_package(v3, "plain")->source == "registry");

  auto v1 = parse_fixture(parser(), "npm/v1-git-file/package-lock.json");
  REQUIRE(v1.errors.empty());
  const PackageRef* git = find_package(v1, "from-git");
  REQUIRE(git != nullptr);
  CHECK(git->source == "git");
  CHECK(git->resolved.find("git.example.test") != std::string::npos);
  CHECK(find_package(v1, "from-file")->source == "file");
  const PackageRef* alias = find_package(v1, "@scope/real", "2.0.0");
  REQUIRE(alias != nullptr);
  CHECK(alias->alias == "old-alias");
  CHECK(alias->dev);
  // Nested dependencies of v1 are walked too.
  CHECK(find_package(v1, "nested", "0.1.0") != nullptr);
}

TEST_CASE("package-lock: malformed files are fatal with a position", "[parsers][npm]") {
  auto empty = parse_fixture(parser(), "npm/empty/package-lock.json");
  CHECK(empty.fatal);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].str() ==
        "npm/empty/package-lock.json:1:1: empty file: expected a JSON "
        "lockfile");

  auto not_json = parse_fixture(parser(), "npm/not-json/package-lock.json");
  CHECK(not_json.fatal);
  REQUIRE(not_json.errors.size() == 1);
  CHECK(not_json.errors[0].line == 1);
  CHECK(not_json.errors[0].column == 1);

  auto truncated = parse_fixture(parser(), "npm/truncated/package-lock.json");
  CHECK(truncated.fatal);
  REQUIRE(truncated.errors.size() == 1);
  CHECK(truncated.errors[0].line == 27);
  CHECK(truncated.errors[0].message.find("unexpected end of input") != std::string::npos);
  CHECK(truncated.packages.empty());

  auto wrong = parse_fixture(parser(), "npm/wrong-types/package-lock.json");
  CHECK(wrong.fatal);
  REQUIRE(wrong.errors.size() == 1);
  CHECK(wrong.errors[0].line == 4);
  CHECK(wrong.errors[0].message.find("\"packages\"") != std::string::npos);

  auto other = parser().parse("{\"hello\": 1}", "x.json");
  CHECK(other.fatal);
  CHECK(other.errors[0].message.find("not an npm lockfile") != std::string::npos);
  auto array = parser().parse("[1, 2]", "x.json");
  CHECK(array.fatal);
}

TEST_CASE("package-lock: one bad entry keeps the good ones", "[parsers][npm]") {
  auto result = parse_fixture(parser(), "npm/one-bad-entry/package-lock.json");
  CHECK_FALSE(result.fatal);
  REQUIRE(result.packages.size() == 2);
  CHECK(find_package(result, "good-one", "1.0.0") != nullptr);
  CHECK(find_package(result, "good-two", "2.0.0")->dev);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].str() ==
        "npm/one-bad-entry/package-lock.json:13:5: expected \"version\" to be a string, got "
        "number in \"node_modules/bad-version\"");
  CHECK(result.errors[1].line == 16);

  auto missing = parse_fixture(parser(), "npm/missing-fields/package-lock.json");
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].line == 9);
  CHECK(missing.errors[0].message.find("missing \"version\"") != std::string::npos);
  CHECK(missing.packages.size() == 1);
}

TEST_CASE("package-lock: hostile input never crashes", "[parsers][npm]") {
  // Deep nesting in v1 "dependencies" is walked without recursion.
  std::string deep = "{\"lockfileVersion\":1,\"dependencies\":";
  const int depth = 5000;
  for (int i = 0; i < depth; ++i) {
    deep += "{\"d" + std::to_string(i) + "\":{\"version\":\"1.0.0\",\"dependencies\":";
  }
  deep += "{}";
  for (int i = 0; i < depth; ++i) {
    deep += "}}";
  }
  deep += "}";
  auto result = parser().parse(deep, "deep.json");
  // Deeper than the JSON bound (512 levels): rejected before a tree is built.
  REQUIRE(result.errors.size() == 1);
  CHECK(result.fatal);
  CHECK(result.errors[0].message.find("nesting deeper than 512 levels") != std::string::npos);
  CHECK(result.packages.empty());
  // Invalid names in keys are reported, not fetched.
  auto bad_name = parser().parse(
      "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a b\":{\"version\":\"1.0.0\"}}}",
      "n.json");
  CHECK(bad_name.packages.empty());
  REQUIRE(bad_name.errors.size() == 1);
  CHECK(bad_name.errors[0].line == 1);
  // Unicode escapes in keys still find their line.
  auto escaped = parser().parse(
      "{\"lockfileVersion\":3,\"packages\":{\n\"node_modules/\\u0061b\":{\"version\":\"1.0.0\"}}}",
      "e.json");
  REQUIRE(escaped.packages.size() == 1);
  CHECK(escaped.packages[0].name == "ab");
  CHECK(escaped.packages[0].line == 2);
}

TEST_CASE("package-lock: each package's dependency path from the project", "[parsers][npm]") {
  std::string text = R"({"name": "app", "lockfileVersion": 3, "packages": {
  "": {"name": "app", "dependencies": {"vite": "^5"}, "devDependencies": {"tap": "^1"}},
  "node_modules/vite": {"version": "5.0.0", "dependencies": {"rollup": "^4"}},
  "node_modules/rollup": {"version": "4.9.0",
    "optionalDependencies": {"@rollup/rollup-linux-x64-gnu": "4.9.0"}},
  "node_modules/@rollup/rollup-linux-x64-gnu": {"version": "4.9.0", "optional": true},
  "node_modules/tap": {"version": "1.0.0", "dev": true, "dependencies": {"rollup": "^3"}},
  "node_modules/tap/node_modules/rollup": {"version": "3.0.0", "dev": true},
  "node_modules/orphan": {"version": "1.0.0"}
}})";
  auto result = parser().parse(text, "package-lock.json");
  REQUIRE(result.errors.empty());
  auto via = [&](const std::string& name, const std::string& version) {
    for (const auto& p : result.packages) {
      if (p.name == name && p.version == version) {
        return p.via;
      }
    }
    FAIL("no " << name << "@" << version);
    return std::vector<std::string>{};
  };
  CHECK(via("vite", "5.0.0") == std::vector<std::string>{"vite"});
  CHECK(via("@rollup/rollup-linux-x64-gnu", "4.9.0") ==
        std::vector<std::string>{"vite", "rollup", "@rollup/rollup-linux-x64-gnu"});
  // The nested copy is the one tap resolves to, not the top-level rollup.
  CHECK(via("rollup", "3.0.0") == std::vector<std::string>{"tap", "rollup"});
  CHECK(via("rollup", "4.9.0") == std::vector<std::string>{"vite", "rollup"});
  CHECK(via("orphan", "1.0.0").empty());
}
