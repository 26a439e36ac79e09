// Regression tests for lockfile defects found by mutating lockfiles: each case is our own
// minimal reproducer. A damaged pin, a cut-short file or hostile nesting is an error with a
// position, never a silent fallback, an empty result or a crash.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzer/util/integrity.h"
#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"

using namespace tarsier;
using tarsier::test::find_package;

namespace {

const std::string k_sha512 =
    "sha512-" + std::string(86, 'A') + "==";  // well-formed (64 zero bytes)

std::string package_lock_with(const std::string& integrity) {
  return R"({"name": "app", "lockfileVersion": 3, "packages": {
  "": {"name": "app"},
  "node_modules/ms": {"version": "2.1.3", "resolved": "https://registry.example.test/ms/-/ms-2.1.3.tgz",
    "integrity": ")" +
         integrity + R"("},
  "node_modules/debug": {"version": "4.3.4", "resolved": "https://registry.example.test/debug/-/debug-4.3.4.tgz",
    "integrity": ")" +
         k_sha512 + R"("}
}})";
}

bool has_error(const LockfileResult& result, const std::string& needle, int line = -1) {
  for (const auto& error : result.errors) {
    if (error.str().find(needle) != std::string::npos && (line < 0 || error.line == line)) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("a malformed lockfile integrity fails that entry, never falls back", "[hardening]") {
  for (const std::string& bad : std::vector<std::string>{
           "xxxxxxxxxx", "sha512-AAAA", "md5-XUFAKrxLKna5cZ2REBfFkg==", "sha1-%%%%",
           k_sha512.substr(0, 40)}) {
    INFO(bad);
    LockfileResult result = package_lock_parser().parse(package_lock_with(bad), "lock.json");
    CHECK(find_package(result, "ms") == nullptr);  // not scanned with the registry's integrity
    CHECK(find_package(result, "debug") != nullptr);
    CHECK(has_error(result, "ms@2.1.3: ", 3));
    CHECK_FALSE(result.fatal);
  }
  // Well-formed, and an unknown algorithm beside a well-formed one (SRI ignores it).
  for (const std::string& good :
       std::vector<std::string>{k_sha512, k_sha512 + " md5-XUFAKrxLKna5cZ2REBfFkg=="}) {
    LockfileResult result = package_lock_parser().parse(package_lock_with(good), "lock.json");
    CHECK(find_package(result, "ms") != nullptr);
    CHECK(result.errors.empty());
  }
}

TEST_CASE("a truncated requirements --hash fails that requirement", "[hardening]") {
  std::string hex(64, 'a');
  std::string text = "six==1.16.0 --hash=sha256:" + hex.substr(0, 30) +
                     "\nidna==3.4 --hash=sha256:" + hex + "\nsix2==1.0 --hash=md5:abcd\n" +
                     "attrs==23.1.0 --hash=\n";
  LockfileResult result = requirements_parser().parse(text, "requirements.txt");
  CHECK(find_package(result, "six") == nullptr);
  CHECK(find_package(result, "six2") == nullptr);
  CHECK(find_package(result, "attrs") == nullptr);
  REQUIRE(find_package(result, "idna") != nullptr);
  CHECK(find_package(result, "idna")->integrity.rfind("sha256-", 0) == 0);
  CHECK(has_error(result, "six@1.16.0: malformed sha256 digest", 1));
  CHECK(has_error(result, "six2@1.0", 3));
  CHECK(has_error(result, "attrs@23.1.0", 4));
}

TEST_CASE("Pipfile.lock and poetry.lock hashes cut short fail their entry", "[hardening]") {
  std::string pipfile = R"({"_meta": {}, "default": {
  "six": {"version": "==1.16.0", "hashes": ["sha256:abc"]},
  "idna": {"version": "==3.4", "hashes": ["sha256:)" +
                        std::string(64, 'b') + R"("]}}, "develop": {}})";
  LockfileResult result = pipfile_lock_parser().parse(pipfile, "Pipfile.lock");
  CHECK(find_package(result, "six") == nullptr);
  CHECK(find_package(result, "idna") != nullptr);
  CHECK(has_error(result, "malformed sha256 digest"));

  std::string poetry =
      "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\nfiles = [{file = \"six.whl\", hash = "
      "\"sha256:12\"}]\n";
  result = poetry_lock_parser().parse(poetry, "poetry.lock");
  CHECK(result.packages.empty());
  CHECK(has_error(result, "six@1.16.0", 1));
}

TEST_CASE("CR-only line endings are lines, not one comment", "[hardening]") {
  std::string classic =
      "# yarn lockfile v1\r\r\"ms@^2.1.3\":\r  version \"2.1.3\"\r  resolved "
      "\"https://registry.example.test/ms/-/ms-2.1.3.tgz#" +
      std::string(40, 'a') + "\"\r  integrity " + k_sha512 + "\r";
  LockfileResult result = yarn_lock_parser().parse(classic, "yarn.lock");
  REQUIRE(find_package(result, "ms", "2.1.3") != nullptr);
  CHECK(find_package(result, "ms")->line == 3);

  std::string berry =
      "__metadata:\r  version: 6\r\r\"ms@npm:^2.1.3\":\r  version: 2.1.3\r  resolution: "
      "\"ms@npm:2.1.3\"\r  checksum: abc\r";
  result = yarn_lock_parser().parse(berry, "yarn.lock");
  CHECK(find_package(result, "ms", "2.1.3") != nullptr);

  result = requirements_parser().parse("# pinned\rsix==1.16.0\ridna==3.4\r", "requirements.txt");
  CHECK(result.packages.size() == 2);
  REQUIRE(find_package(result, "idna") != nullptr);
  CHECK(find_package(result, "idna")->line == 3);
}

TEST_CASE("a pnpm lockfile cut before packages: is an error", "[hardening]") {
  std::string head =
      "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      ms:\n        "
      "specifier: ^2.1.3\n        version: 2.1.3\n";
  LockfileResult cut = pnpm_lock_parser().parse(head, "pnpm-lock.yaml");
  CHECK(cut.packages.empty());
  CHECK(has_error(cut, "missing from \"packages\""));

  std::string whole = head + "\npackages:\n  ms@2.1.3:\n    resolution: {integrity: " + k_sha512 +
                      "}\n\nsnapshots:\n  ms@2.1.3: {}\n";
  LockfileResult ok = pnpm_lock_parser().parse(whole, "pnpm-lock.yaml");
  CHECK(ok.errors.empty());
  CHECK(find_package(ok, "ms", "2.1.3") != nullptr);

  // A project without dependencies is genuinely empty.
  LockfileResult empty =
      pnpm_lock_parser().parse("lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n", "pnpm-lock.yaml");
  CHECK(empty.errors.empty());
}

TEST_CASE("a multi-document pnpm lockfile reads every document", "[hardening]") {
  std::string text =
      "---\nlockfileVersion: '9.0'\nimporters:\n  .:\n    configDependencies: {}\n---\n"
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms:\n        "
      "specifier: ^2.1.3\n        version: 2.1.3\npackages:\n  ms@2.1.3:\n    resolution: "
      "{integrity: " +
      k_sha512 + "}\nsnapshots:\n  ms@2.1.3: {}\n";
  LockfileResult result = pnpm_lock_parser().parse(text, "pnpm-lock.yaml");
  CHECK(result.errors.empty());
  CHECK(find_package(result, "ms", "2.1.3") != nullptr);
}

TEST_CASE("YAML tags do not hide packages", "[hardening]") {
  std::string text =
      "lockfileVersion: '6.0'\n\ndependencies:\n  ms:\n    specifier: ^2.1.3\n"
      "    version: 2.1.3\n\npackages: !!map\n  /ms@2.1.3: !custom\n    "
      "resolution: {integrity: " +
      k_sha512 + "}\n    dev: false\n";
  LockfileResult result = pnpm_lock_parser().parse(text, "pnpm-lock.yaml");
  INFO((result.errors.empty() ? std::string() : result.errors.front().str()));
  CHECK(find_package(result, "ms", "2.1.3") != nullptr);
  CHECK(result.errors.empty());
}

TEST_CASE("a yarn classic entry cut short is an error, not a package", "[hardening]") {
  std::string text = "# yarn lockfile v1\n\n\"ms@^2.1.3\":\n  version \"2.1.3\"\n";
  LockfileResult result = yarn_lock_parser().parse(text, "yarn.lock");
  CHECK(result.packages.empty());
  CHECK(has_error(result, "cut short", 3));
}

TEST_CASE("nesting depth is bounded in JSON, YAML and TOML lockfiles", "[hardening]") {
  const size_t depth = 100000;
  std::string json =
      "{\"lockfileVersion\": 3, \"x\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
  LockfileResult result = package_lock_parser().parse(json, "package-lock.json");
  CHECK(result.fatal);
  CHECK(has_error(result, "package-lock.json:1:"));
  CHECK(has_error(result, "nesting deeper than 512"));

  std::string yaml = "lockfileVersion: '9.0'\nx: " + std::string(depth, '[') + "\n";
  result = pnpm_lock_parser().parse(yaml, "pnpm-lock.yaml");
  CHECK(result.fatal);
  CHECK(has_error(result, "pnpm-lock.yaml:2:1: nesting deeper than"));

  std::string block = "lockfileVersion: '9.0'\n";
  for (size_t i = 0; i < 400; ++i) {
    block += std::string(i, ' ') + "k:\n";
  }
  result = pnpm_lock_parser().parse(block, "pnpm-lock.yaml");
  CHECK(has_error(result, "nesting deeper than"));

  std::string toml = "[[package]]\nname = \"six\"\n[";
  for (size_t i = 0; i < depth; ++i) {
    toml += "a.";
  }
  toml += "b]\nx = 1\n";
  result = poetry_lock_parser().parse(toml, "poetry.lock");
  CHECK(result.fatal);
  CHECK(has_error(result, "poetry.lock:3:1: keys or brackets nested deeper"));
  std::string dotted = std::string("x = 1\n") + std::string(depth, 'a');
  for (size_t i = 0; i < 2000; ++i) {
    dotted += ".a";
  }
  dotted += " = 1\n";
  CHECK(poetry_lock_parser().parse(dotted, "poetry.lock").fatal);
}

TEST_CASE("a JSON number overflow is reported at its line", "[hardening]") {
  std::string json = "{\n  \"lockfileVersion\": 3,\n  \"x\": 1e999\n}";
  LockfileResult result = package_lock_parser().parse(json, "package-lock.json");
  CHECK(result.fatal);
  CHECK(has_error(result, "package-lock.json:3:8: invalid JSON: number overflow"));
}

TEST_CASE("requirements lines of another file are never packages", "[hardening]") {
  std::string passwd =
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
  LockfileResult result = requirements_parser().parse(passwd, "passwd");
  CHECK(result.packages.empty());
  CHECK(result.fatal);
  // Real local paths and URLs still work; a specifier cut short does not.
  result = requirements_parser().parse(
      "./vendor/pkg\nname @ https://files.example.test/name-1.0.tar.gz\nsix==\n", "r.txt");
  CHECK(result.packages.size() == 2);
  CHECK(has_error(result, "cut short", 3));
}
