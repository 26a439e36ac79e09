// Python lockfiles, written from their published specifications (no Python package manager can
// reach an index from this machine): requirements.txt, Pipfile.lock, poetry.lock 1.1 and 2.1,
// uv.lock, pdm.lock, pylock.toml.
#include <catch2/catch.hpp>

#include "parsers/formats.h"
#include "parsers/inputs.h"
#include "tests/parsers/lockfile_testing.h"
#include "tests/support/paths.h"

using namespace tarsier;
using tarsier::test::find_package;
using tarsier::test::fixture_line_of;
using tarsier::test::parse_fixture;

TEST_CASE("requirements.txt: pins, hashes, markers, includes, direct references",
          "[parsers][pypi][requirements]") {
  std::string file = "pypi/requirements/requirements.txt";
  auto result = parse_fixture(requirements_parser(), file);
  REQUIRE(result.errors.empty());
  const PackageRef* requests = find_package(result, "requests", "2.31.0");
  REQUIRE(requests != nullptr);
  CHECK(requests->ecosystem == "pypi");
  CHECK(requests->line == fixture_line_of(file, "requests==2.31.0"));
  // Two hashes over a line continuation, as SRI.
  CHECK(requests->integrity.rfind("sha256-", 0) == 0);
  CHECK(requests->integrity.find(' ') != std::string::npos);
  CHECK(find_package(result, "urllib3", "2.0.7")->integrity.rfind("sha256-", 0) == 0);
  CHECK(find_package(result, "Flask", "3.0.0") != nullptr);
  CHECK(find_package(result, "tomli", "2.0.1") != nullptr);  // marker kept
  CHECK(find_package(result, "zope.interface", "6.1") != nullptr);
  // Unpinned requirements are listed with an empty version, not dropped.
  CHECK(find_package(result, "charset-normalizer")->version.empty());
  CHECK(find_package(result, "tool")->source == "git");
  CHECK(find_package(result, "local_pkg")->source == "workspace");
  CHECK(find_package(result, "private-wheel")->source == "http");
  CHECK(find_package(result, "other_pkg")->source == "http");
  REQUIRE(result.includes.size() == 2);
  CHECK(result.includes[0].path == "requirements-dev.txt");
  CHECK_FALSE(result.includes[0].constraints);
  CHECK(result.includes[1].constraints);
}

TEST_CASE("requirements.txt: includes and constraints through resolve_inputs",
          "[parsers][pypi][requirements]") {
  auto inputs =
      resolve_inputs({tarsier::test::source_path("fixtures/lockfiles/pypi/requirements")}, {});
  REQUIRE(inputs.errors.empty());
  CHECK(inputs.lockfiles.size() == 3);  // the include cycle back to requirements.txt is cut
  auto has = [&](const std::string& id) {
    for (const auto& ref : inputs.packages) {
      if (ref.id() == id) {
        return true;
      }
    }
    return false;
  };
  CHECK(has("pypi:pytest@7.4.3"));      // from -r requirements-dev.txt
  CHECK(has("pypi:idna@3.6"));          // unpinned, pinned by -c constraints.txt
  CHECK_FALSE(has("pypi:six@1.16.0"));  // only in the constraints: not installed
  // charset-normalizer stays unpinned; the file's --index-url is said, not followed, and its
  // value (credentials, often) is not repeated.
  REQUIRE(inputs.warnings.size() == 2);
  bool unpinned = false, index = false;
  for (const auto& warning : inputs.warnings) {
    unpinned = unpinned || warning.message.find("charset-normalizer") != std::string::npos;
    if (warning.message.find("--index-url is not followed") != std::string::npos) {
      index = warning.line == 4 && warning.column == 1;
      CHECK(warning.message.find("example.test") == std::string::npos);
    }
  }
  CHECK(unpinned);
  CHECK(index);
}

TEST_CASE("Pipfile.lock: default and develop", "[parsers][pypi]") {
  std::string file = "pypi/pipfile/Pipfile.lock";
  auto result = parse_fixture(pipfile_lock_parser(), file);
  REQUIRE(result.errors.empty());
  const PackageRef* certifi = find_package(result, "certifi", "2023.11.17");
  REQUIRE(certifi != nullptr);
  CHECK(certifi->line == fixture_line_of(file, "\"certifi\": {"));
  CHECK(certifi->integrity.find(' ') != std::string::npos);
  CHECK(find_package(result, "pytest", "7.4.3")->dev);
  CHECK(find_package(result, "tool")->source == "git");
  CHECK(find_package(result, "local-helper")->source == "workspace");
}

TEST_CASE("poetry.lock 1.1 and 2.1", "[parsers][pypi]") {
  auto v1 = parse_fixture(poetry_lock_parser(), "pypi/poetry-1.1/poetry.lock");
  REQUIRE(v1.errors.empty());
  REQUIRE(v1.packages.size() == 4);
  const PackageRef* requests = find_package(v1, "requests", "2.31.0");
  CHECK(requests->line == 1);
  // Hashes from [metadata.files].
  CHECK(requests->integrity.find(' ') != std::string::npos);
  CHECK(find_package(v1, "pytest")->dev);
  CHECK(find_package(v1, "tool")->source == "git");
  CHECK(find_package(v1, "tool")->optional);
  CHECK(find_package(v1, "tool")->resolved.find("#0123456789abcdef") != std::string::npos);

  std::string file = "pypi/poetry-2.1/poetry.lock";
  auto v2 = parse_fixture(poetry_lock_parser(), file);
  REQUIRE(v2.errors.empty());
  CHECK(find_package(v2, "pytest")->dev);
  CHECK_FALSE(find_package(v2, "charset-normalizer")->dev);
  CHECK(find_package(v2, "charset-normalizer")->line ==
        fixture_line_of(file, "name = \"charset-normalizer\"") - 1);
  CHECK_FALSE(find_package(v2, "Private_Lib")->dev);  // in main and dev
  CHECK(find_package(v2, "Private_Lib")->source == "http");
}

TEST_CASE("uv.lock, pdm.lock and pylock.toml", "[parsers][pypi]") {
  auto uv = parse_fixture(uv_lock_parser(), "pypi/uv/uv.lock");
  REQUIRE(uv.errors.empty());
  CHECK(find_package(uv, "app")->source == "workspace");
  CHECK(find_package(uv, "requests")->integrity.find(' ') != std::string::npos);
  CHECK(find_package(uv, "tool")->source == "git");
  // Scopes from the graph: the project's dev group and its transitive dependencies are dev,
  // its extra is optional, and a dependency of a dependency is production.
  CHECK(find_package(uv, "pytest")->dev);
  CHECK(find_package(uv, "iniconfig")->dev);
  CHECK(find_package(uv, "orjson")->optional);
  CHECK_FALSE(find_package(uv, "orjson")->dev);
  CHECK_FALSE(find_package(uv, "urllib3")->dev);
  CHECK_FALSE(find_package(uv, "urllib3")->optional);
  CHECK_FALSE(find_package(uv, "app")->dev);

  auto pdm = parse_fixture(pdm_lock_parser(), "pypi/pdm/pdm.lock");
  REQUIRE(pdm.errors.empty());
  CHECK(find_package(pdm, "pytest")->dev);
  CHECK_FALSE(find_package(pdm, "requests")->dev);
  CHECK(find_package(pdm, "tool")->source == "git");

  auto pylock = parse_fixture(pylock_parser(), "pypi/pylock/pylock.toml");
  REQUIRE(pylock.errors.empty());
  CHECK(find_package(pylock, "requests", "2.31.0")->integrity.find(' ') != std::string::npos);
  CHECK(find_package(pylock, "tool")->source == "git");
  CHECK(find_package(pylock, "local-pkg")->source == "workspace");
  CHECK(find_package(pylock, "archived")->source == "http");
  CHECK(pylock_parser().accepts_file_name("pylock.dev.toml"));
  CHECK_FALSE(pylock_parser().accepts_file_name("pylock.a.b.toml"));
}
