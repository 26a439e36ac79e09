// Version ranges of policy suppressions: every npm and PEP 440 form the policy accepts.
#include <catch2/catch.hpp>

#include "analyzer/policy/version_range.h"

using namespace tarsier;

namespace {

bool in(const char* ecosystem, const char* range, const char* version) {
  auto parsed = VersionRange::parse(ecosystem, range);
  INFO(range << ": " << (parsed ? "" : parsed.error().str()));
  REQUIRE(parsed.ok());
  return parsed->contains(version);
}

bool valid(const char* ecosystem, const char* range) {
  return VersionRange::parse(ecosystem, range).ok();
}

}  // namespace

TEST_CASE("npm ranges: any, exact and comparators", "[policy]") {
  CHECK(in("npm", "*", "0.0.1"));
  CHECK(in("npm", "*", "not-a-version"));
  CHECK(in("npm", "1.2.3", "1.2.3"));
  CHECK_FALSE(in("npm", "1.2.3", "1.2.4"));
  CHECK(in("npm", "=1.2.3", "1.2.3"));
  CHECK(in("npm", "v1.2.3", "1.2.3+build.5"));
  CHECK_FALSE(in("npm", "=1.2.3", "1.2.3-rc.1"));
  CHECK(in("npm", ">=1.2.3", "1.2.3"));
  CHECK(in("npm", ">=1.2.3", "10.0.0"));
  CHECK_FALSE(in("npm", ">=1.2.3", "1.2.2"));
  CHECK(in("npm", "<2.0.0", "1.99.99"));
  CHECK_FALSE(in("npm", "<2.0.0", "2.0.0"));
  CHECK(in("npm", ">1.2.3", "1.2.4"));
  CHECK_FALSE(in("npm", ">1.2.3", "1.2.3"));
  CHECK(in("npm", "<=1.2.3", "1.2.3"));
  CHECK(in("npm", ">=1.0.0 <1.5.0", "1.4.9"));
  CHECK_FALSE(in("npm", ">=1.0.0 <1.5.0", "1.5.0"));
  CHECK(in("npm", ">= 1.0.0", "1.0.0"));
  CHECK_FALSE(in("npm", "1.2.3", "garbage"));
}

TEST_CASE("npm ranges: caret, tilde, x-ranges, hyphen and alternatives", "[policy]") {
  CHECK(in("npm", "^1.2.3", "1.9.0"));
  CHECK_FALSE(in("npm", "^1.2.3", "2.0.0"));
  CHECK_FALSE(in("npm", "^1.2.3", "1.2.2"));
  CHECK_FALSE(in("npm", "^1.2.3", "2.0.0-rc.1"));
  CHECK(in("npm", "^0.2.3", "0.2.9"));
  CHECK_FALSE(in("npm", "^0.2.3", "0.3.0"));
  CHECK(in("npm", "^0.0.3", "0.0.3"));
  CHECK_FALSE(in("npm", "^0.0.3", "0.0.4"));
  CHECK(in("npm", "^1.2", "1.3.0"));
  CHECK(in("npm", "~1.2.3", "1.2.9"));
  CHECK_FALSE(in("npm", "~1.2.3", "1.3.0"));
  CHECK(in("npm", "~1", "1.9.9"));
  CHECK_FALSE(in("npm", "~1", "2.0.0"));
  CHECK(in("npm", "1.2.x", "1.2.7"));
  CHECK_FALSE(in("npm", "1.2.x", "1.3.0"));
  CHECK(in("npm", "1", "1.4.0"));
  CHECK(in("npm", "1.0.0 - 1.2.0", "1.2.0"));
  CHECK_FALSE(in("npm", "1.0.0 - 1.2.0", "1.2.1"));
  CHECK(in("npm", "^1.0.0 || ^3.0.0", "3.1.0"));
  CHECK_FALSE(in("npm", "^1.0.0 || ^3.0.0", "2.1.0"));
  CHECK(in("npm", "1.2.3-beta.2", "1.2.3-beta.2"));
  CHECK(in("npm", ">=1.2.3-beta.2", "1.2.3-beta.10"));  // numeric identifiers compare as numbers
}

TEST_CASE("npm pre-releases only match ranges that name one on the same version", "[policy]") {
  CHECK_FALSE(in("npm", "^1.2.0", "1.3.0-beta.1"));  // inside the bounds, but a pre-release
  CHECK_FALSE(in("npm", ">=1.0.0", "1.5.0-rc.1"));
  CHECK(in("npm", ">=1.3.0-alpha <2", "1.3.0-beta.1"));
  CHECK_FALSE(in("npm", ">=1.3.0-alpha <2", "1.4.0-beta.1"));
  CHECK(in("npm", "^1.2.3-beta.1", "1.2.3-beta.4"));
  CHECK(in("npm", "^1.2.3-beta.1", "1.2.4"));  // releases are not affected
  CHECK(in("npm", "<1.0.0 || 2.0.0-rc.1", "2.0.0-rc.1"));
  CHECK(in("npm", "*", "3.0.0-next.2"));  // the whole package, every version
}

TEST_CASE("npm ranges that are not ranges are refused", "[policy]") {
  CHECK_FALSE(valid("npm", "^one"));
  CHECK_FALSE(valid("npm", "1.2.3.4"));
  CHECK_FALSE(valid("npm", "1.x.3"));
  CHECK_FALSE(valid("npm", ">=1.2 <abc"));
  CHECK_FALSE(valid("cargo", "1.0.0"));
}

TEST_CASE("PEP 440 specifiers", "[policy]") {
  CHECK(in("pypi", "*", "1.0"));
  CHECK(in("pypi", "2.31.0", "2.31"));  // bare version pins; trailing zeros are equal
  CHECK(in("pypi", "==2.31.0", "2.31.0"));
  CHECK_FALSE(in("pypi", "==2.31.0", "2.31.1"));
  CHECK(in("pypi", "==2.31.*", "2.31.7"));
  CHECK_FALSE(in("pypi", "==2.31.*", "2.32.0"));
  CHECK(in("pypi", "!=2.31.0", "2.31.1"));
  CHECK_FALSE(in("pypi", "!=2.31.0", "2.31.0"));
  CHECK(in("pypi", ">=2.0,<3", "2.9.1"));
  CHECK_FALSE(in("pypi", ">=2.0,<3", "3.0"));
  CHECK_FALSE(in("pypi", ">1.0", "1.0.post1"));  // PEP 440: not the bound's own post-releases
  CHECK(in("pypi", ">1.0.post1", "1.0.post2"));
  CHECK(in("pypi", ">1.0", "1.1"));
  CHECK_FALSE(in("pypi", "<2.0", "2.0rc1"));  // nor its own pre-releases
  CHECK(in("pypi", "<2.0rc2", "2.0rc1"));
  CHECK(in("pypi", "==1.0", "1.0+ubuntu.1"));                 // a local label is ignored...
  CHECK_FALSE(in("pypi", "==1.0+ubuntu.2", "1.0+ubuntu.1"));  // ...unless the specifier has one
  CHECK(in("pypi", "==1.0+ubuntu-1", "1.0+ubuntu.1"));
  CHECK_FALSE(in("pypi", "!=1.0", "1.0+local"));
  CHECK(in("pypi", "<=1.0", "1.0+local"));
  CHECK(in("pypi", "<=1.0", "1.0rc1"));
  CHECK(in("pypi", "~=1.4.5", "1.4.9"));
  CHECK_FALSE(in("pypi", "~=1.4.5", "1.5.0"));
  CHECK_FALSE(in("pypi", "~=1.4.5", "1.4.4"));
  CHECK(in("pypi", "~=2.2", "2.9"));
  CHECK_FALSE(in("pypi", "~=2.2", "3.0"));
  CHECK(in("pypi", "===1.0-custom", "1.0-CUSTOM"));
  CHECK_FALSE(valid("pypi", "~=1"));
  CHECK_FALSE(valid("pypi", ">=1.*"));
  CHECK_FALSE(valid("pypi", "==banana split"));
}
