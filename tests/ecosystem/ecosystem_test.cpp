#include "analyzer/ecosystem/ecosystem.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/ecosystem/pypi/pypi.h"

using namespace tarsier;

TEST_CASE("every ecosystem is listed once with distinct ids", "[ecosystem]") {
  const auto& list = all_ecosystems();
  REQUIRE(list.size() == 2);
  std::set<std::string_view> ids, purl_types, osv_names;
  for (const Ecosystem* e : list) {
    ids.insert(e->id);
    purl_types.insert(e->purl_type);
    osv_names.insert(e->osv_name);
    CHECK(find_ecosystem(e->id) == e);
    CHECK(find_ecosystem_by_purl_type(e->purl_type) == e);
    CHECK(find_ecosystem_by_osv_name(e->osv_name) == e);
  }
  CHECK(ids.size() == list.size());
  CHECK(purl_types.size() == list.size());
  CHECK(osv_names.size() == list.size());
  CHECK(ecosystem_ids() == "npm or pypi");
}

TEST_CASE("ecosystems are found by id, purl type and OSV name", "[ecosystem]") {
  CHECK(find_ecosystem("npm") == &npm_ecosystem());
  CHECK(find_ecosystem("pypi") == &pypi_ecosystem());
  CHECK(find_ecosystem_by_purl_type("pypi") == &pypi_ecosystem());
  CHECK(find_ecosystem_by_osv_name("PyPI") == &pypi_ecosystem());
  CHECK(find_ecosystem_by_osv_name("npm") == &npm_ecosystem());
  // The database and report spellings stay lower case.
  CHECK(pypi_ecosystem().id == "pypi");
  CHECK(pypi_ecosystem().display_name == "PyPI");
}

TEST_CASE("an unknown ecosystem id is an error, never npm", "[ecosystem]") {
  CHECK(find_ecosystem("") == nullptr);
  CHECK(find_ecosystem("PyPI") == nullptr);  // OSV's spelling is not an id
  CHECK(find_ecosystem("cargo") == nullptr);
  CHECK(find_ecosystem_by_purl_type("maven") == nullptr);
  CHECK(find_ecosystem_by_osv_name("crates.io") == nullptr);
  auto unknown = require_ecosystem("cargo");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().str() == "unknown ecosystem 'cargo'; expected npm or pypi");
  auto known = require_ecosystem("npm");
  REQUIRE(known);
  CHECK(*known == &npm_ecosystem());
  CHECK(normalize_package_name("cargo", "Serde_Json") == "Serde_Json");
}

TEST_CASE("names are normalised the way each registry keys them", "[ecosystem]") {
  CHECK(normalize_package_name("npm", "Left_Pad") == "Left_Pad");
  CHECK(normalize_package_name("pypi", "Zope.Interface__x") == "zope-interface-x");
  CHECK(npm_ecosystem().names_normalised == false);
  CHECK(pypi_ecosystem().names_normalised == true);
}

TEST_CASE("npm orders versions by semver", "[ecosystem]") {
  const Ecosystem& npm = npm_ecosystem();
  CHECK(npm.compare_versions("1.2.3", "1.10.0") < 0);
  CHECK(npm.compare_versions("1.0.0-rc.9", "1.0.0-rc.10") < 0);  // numeric identifiers
  CHECK(npm.compare_versions("1.0.0-rc.1", "1.0.0") < 0);
  CHECK(npm.compare_versions("1.0.0+build.1", "1.0.0+build.2") == 0);
  CHECK(npm.compare_versions("2.0.0", "1.9.9") > 0);
  CHECK(npm.compare_parsed("1.0", "1.0.0") == std::nullopt);
  CHECK(npm.compare_versions("1.0", "1.0.1") < 0);  // not semver: the fallback order
  CHECK(npm.same_version("v1.0.0", "1.0.0"));
  CHECK_FALSE(npm.same_version("1.0", "1.0.0"));
  CHECK(compare_package_versions("npm", "1.0.0-alpha", "1.0.0-alpha.1") < 0);
}

TEST_CASE("PyPI orders versions by PEP 440", "[ecosystem]") {
  const Ecosystem& pypi = pypi_ecosystem();
  CHECK(pypi.compare_versions("1.0.dev1", "1.0a1") < 0);
  CHECK(pypi.compare_versions("1.0rc1", "1.0") < 0);
  CHECK(pypi.compare_versions("1.0", "1.0.post1") < 0);
  CHECK(pypi.compare_versions("1!0.1", "2.0") > 0);  // epochs come first
  CHECK(pypi.compare_versions("1.0", "1.0.0") == 0);
  CHECK(pypi.same_version("1.0", "1.0.0"));
  CHECK(pypi.compare_parsed("2004d", "1.0") == std::nullopt);
  CHECK(compare_package_versions("pypi", "1.10", "1.9") > 0);
}

TEST_CASE("descriptors name their archives, manifests and install folders", "[ecosystem]") {
  CHECK(npm_ecosystem().tarball == TarballLayout::npm_pack);
  CHECK(pypi_ecosystem().tarball == TarballLayout::sdist);
  CHECK(npm_ecosystem().manifest == ManifestFormat::package_json);
  CHECK(pypi_ecosystem().manifest == ManifestFormat::core_metadata);
  CHECK(npm_ecosystem().install_dir("lodash", "4.17.21") == "node_modules/lodash/");
  CHECK(pypi_ecosystem().install_dir("requests", "2.31.0") == "requests-2.31.0/");
  CHECK(npm_ecosystem().spec_separator == "@");
  CHECK(pypi_ecosystem().spec_separator == "==");
  CHECK(npm_ecosystem().popular_list == "popular-npm");
  CHECK(pypi_ecosystem().popular_list == "popular-pypi");
}
