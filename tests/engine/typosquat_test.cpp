// The typosquat check against the built-in popular lists (rules/data/popular-*.txt, built by
// ci/popular/build.sh): each kind of imitation, and no popular package flagged against itself.
#include <catch2/catch.hpp>

#include "analyzer/engine/ruleset.h"
#include "analyzer/engine/typosquat.h"

using namespace tarsier;

namespace {

const RuleSet& rules() {
  static std::unique_ptr<RuleSet> loaded = [] {
    auto r = RuleSet::load("");
    REQUIRE(r);
    return std::move(*r);
  }();
  return *loaded;
}

std::string how(const std::string& name, const char* list = "popular-npm") {
  auto hit = check_typosquat(name, rules().data(list), std::string(list) == "popular-pypi");
  return hit ? hit->how + " " + hit->popular : "";
}

}  // namespace

TEST_CASE("the popular lists are the top 5,000 of each ecosystem", "[engine][typosquat]") {
  CHECK(rules().data("popular-npm").size() == 5000);
  CHECK(rules().data("popular-pypi").size() == 5000);
}

TEST_CASE("no popular package is flagged against itself", "[engine][typosquat]") {
  for (const char* list : {"popular-npm", "popular-pypi"}) {
    int flagged = 0;
    for (const auto& entry : rules().data(list)) {
      flagged += how(entry.value, list).empty() ? 0 : 1;
    }
    INFO(list);
    CHECK(flagged == 0);
  }
  // PyPI names are compared PEP 503-normalised: PyYAML is pyyaml.
  CHECK(how("PyYAML", "popular-pypi").empty());
  CHECK(how("typing_extensions", "popular-pypi").empty());
}

TEST_CASE("typosquat kinds: edits, swaps, separators, homoglyphs and scopes",
          "[engine][typosquat]") {
  CHECK(how("lodahs") == "adjacent swap lodash");
  CHECK(how("expresss") == "one edit express");
  CHECK(how("cross_env") == "separator cross-env");
  CHECK(how("rnoment") == "homoglyph moment");
  CHECK(how("l0dash") == "homoglyph lodash");
  CHECK(how("ex\xd1\x80"
            "ress") == "homoglyph express");  // Cyrillic er for p
  CHECK(how("@typesnode/node") == "scope @types/node");
  CHECK(how("@tpyes/node") == "scope @types/node");
  CHECK(how("types-node") == "scope @types/node");
  CHECK(how("@evil/cross-spawn") == "scope cross-spawn");
  CHECK(how("@evil/lodash").empty());         // short names are republished under scopes routinely
  CHECK(how("mysql3").empty());               // digits only: a versioned line
  CHECK(how("@aws-sdk/client-sns").empty());  // same scope, same owner
  CHECK(how("reqeusts", "popular-pypi") == "adjacent swap requests");
  CHECK(how("python_dateutil", "popular-pypi").empty());  // the same project, PEP 503
  CHECK(how("python-dateutils", "popular-pypi") == "one edit python-dateutil");

  // Negative cases: unrelated names, short names, own scopes.
  CHECK(how("tarsier-demo-package").empty());
  CHECK(how("@types/lodash").empty());
  CHECK(how("@myorg/node").empty());
  CHECK(how("ms").empty());
  CHECK(how("flask-tarsier-demo", "popular-pypi").empty());
}
