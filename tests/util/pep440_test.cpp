#include "analyzer/util/pep440.h"

#include <catch2/catch.hpp>

#include "analyzer/util/python_name.h"

using namespace tarsier;

TEST_CASE("canonical_version normalises PEP 440 spellings", "[pep440]") {
  CHECK(canonical_version("1.0") == "1");
  CHECK(canonical_version("1.0.0") == "1");
  CHECK(canonical_version(" V1.2.0 ") == "1.2");
  CHECK(canonical_version("1.01") == "1.1");
  CHECK(canonical_version("1!2.0") == "1!2");
  CHECK(canonical_version("1.0-alpha.1") == "1a1");
  CHECK(canonical_version("1.0.BETA2") == "1b2");
  CHECK(canonical_version("1.0c1") == "1rc1");
  CHECK(canonical_version("1.0pre1") == "1rc1");
  CHECK(canonical_version("1.0preview") == "1rc0");
  CHECK(canonical_version("1.0a") == "1a0");
  CHECK(canonical_version("1.0-1") == "1.post1");
  CHECK(canonical_version("1.0.rev2") == "1.post2");
  CHECK(canonical_version("1.0r") == "1.post0");
  CHECK(canonical_version("1.0-dev") == "1.dev0");
  CHECK(canonical_version("1.0rc1.post2.dev3+Ubuntu-1") == "1rc1.post2.dev3+ubuntu.1");
}

TEST_CASE("versions_equal", "[pep440]") {
  CHECK(versions_equal("1.0", "1.0.0"));
  CHECK(versions_equal("v2.31.0", "2.31"));
  CHECK(versions_equal("1.0.post1", "1.0-1"));
  CHECK(versions_equal("1.0+abc.1", "1.0+ABC-1"));
  CHECK_FALSE(versions_equal("1.0", "1.0.1"));
  CHECK_FALSE(versions_equal("1.0", "1.0a0"));
  CHECK_FALSE(versions_equal("1.0", "1.0+local"));
  CHECK_FALSE(versions_equal("1.0.dev1", "1.0"));
  // Legacy versions compare as lower-cased text.
  CHECK(versions_equal("2004D", "2004d"));
  CHECK_FALSE(versions_equal("1.0-SNAPSHOT", "1.0"));
}

TEST_CASE("parse_pep440 rejects what is not a version", "[pep440]") {
  for (const char* text : {"", "v", "1.0-", "1.0+", "1..0", "1.0.foo", "abc", "1.0 2.0",
                           "12345678901234567890.0", "1.0+a..b"}) {
    INFO(text);
    CHECK_FALSE(parse_pep440(text).has_value());
  }
  CHECK(parse_pep440(std::string(300, '1')) == std::nullopt);
}

TEST_CASE("compare_pep440 follows PEP 440 order", "[pep440]") {
  const std::vector<std::string> ordered = {
      "1.0.dev0",  "1.0a1.dev0",     "1.0a1",     "1.0a2", "1.0b1", "1.0rc1", "1.0",
      "1.0+local", "1.0.post1.dev0", "1.0.post1", "1.0.1", "1.1",   "2.0",    "1!0.1"};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    INFO(ordered[i] << " < " << ordered[i + 1]);
    auto a = parse_pep440(ordered[i]);
    auto b = parse_pep440(ordered[i + 1]);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(compare_pep440(*a, *b) < 0);
    CHECK(compare_pep440(*b, *a) > 0);
  }
  CHECK(compare_pep440(*parse_pep440("1.0"), *parse_pep440("1.0.0")) == 0);
  CHECK(parse_pep440("1.0rc1")->is_prerelease());
  CHECK(parse_pep440("1.0.dev1")->is_prerelease());
  CHECK_FALSE(parse_pep440("1.0.post1")->is_prerelease());
}

TEST_CASE("normalize_project_name follows PEP 503", "[pep503]") {
  CHECK(normalize_project_name("Friendly-Bard") == "friendly-bard");
  CHECK(normalize_project_name("FRIENDLY-BARD") == "friendly-bard");
  CHECK(normalize_project_name("friendly.bard") == "friendly-bard");
  CHECK(normalize_project_name("friendly_bard") == "friendly-bard");
  CHECK(normalize_project_name("friendly--bard") == "friendly-bard");
  CHECK(normalize_project_name("FrIeNdLy-._.-bArD") == "friendly-bard");
  CHECK(is_valid_project_name("zope.interface"));
  CHECK_FALSE(is_valid_project_name("-leading"));
  CHECK_FALSE(is_valid_project_name("has space"));
  CHECK_FALSE(is_valid_project_name("../etc"));
  CHECK_FALSE(is_valid_project_name(""));
}
