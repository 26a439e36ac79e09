// The typosquat check against the built-in popular lists (rules/data/popular-*.txt, built by
// ci/popular/build.sh): each kind of imitation, and no popular package flagged against itself.
#include <catch2/catch.hpp>

#include <map>
#include <random>

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

// One index per list, as the analyzer keeps it (building one per name would fold 5,000
// popular names again for each of the 10,000 names checked below).
const TyposquatIndex& index(const std::string& list) {
  static std::map<std::string, TyposquatIndex> indexes;
  auto it = indexes.find(list);
  if (it == indexes.end()) {
    it = indexes.emplace(list, TyposquatIndex(rules().data(list), list == "popular-pypi")).first;
  }
  return it->second;
}

std::string how(const std::string& name, const char* list = "popular-npm") {
  auto hit = index(list).check(name);
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

TEST_CASE("edit distance within one: the one-pass answer is the table's", "[engine][typosquat]") {
  // Limit 1 takes a one-pass path; limit 3 fills the whole table. Both must agree on whether
  // two names are exactly one edit (or one adjacent swap) apart.
  std::mt19937 random(11);
  const std::string alphabet = "abc-";
  auto word = [&] {
    std::string w(random() % 7, 'a');
    for (char& c : w)
      c = alphabet[random() % alphabet.size()];
    return w;
  };
  int ones = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string a = word(), b = word();
    int table = edit_distance(a, b, 3);
    int fast = edit_distance(a, b, 1);
    INFO(a << " / " << b);
    CHECK((fast == 1) == (table == 1));
    CHECK((fast == 0) == (a == b));
    ones += table == 1;
  }
  CHECK(ones > 1000);  // the random pairs reach the case under test
  CHECK(edit_distance("lodash", "lodahs", 1) == 1);
  CHECK(edit_distance("lodash", "ldoahs", 1) == 2);
  CHECK(edit_distance("react", "reactt", 1) == 1);
}

TEST_CASE("an index of popular names says which name is imitated and how", "[engine][typosquat]") {
  const TyposquatIndex npm(rules().data("popular-npm"), false);
  struct Case {
    const char* name;
    const char* popular;  // "" when the name imitates nothing
    const char* how;
  };
  for (const Case& c :
       {Case{"lodahs", "lodash", "adjacent swap"}, Case{"cross_env", "cross-env", "separator"},
        Case{"@tpyes/node", "@types/node", "scope"}, Case{"expresss", "express", "one edit"},
        Case{"express", "", ""}, Case{"left-pad", "", ""}}) {
    auto hit = npm.check(c.name);
    INFO(c.name);
    REQUIRE(hit.has_value() == (*c.popular != 0));
    if (hit) {
      CHECK(hit->popular == c.popular);
      CHECK(hit->how == c.how);
    }
  }
  const TyposquatIndex pypi(rules().data("popular-pypi"), true);
  CHECK(!pypi.check("PyYAML"));
  REQUIRE(pypi.check("reqeusts"));
  CHECK(pypi.check("reqeusts")->popular == "requests");
}

TEST_CASE("looking names up by spelling answers as comparing with every popular name does",
          "[engine][typosquat]") {
  // Names near popular ones (each kind of imitation, and near misses) and random ones: the
  // lookup must find the same popular name, the same way, as the pass over the whole list.
  std::mt19937 rng(20261206);
  const char* alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto mutate = [&](std::string s) {
    if (s.empty()) {
      return s;
    }
    size_t i = pick(s.size());
    switch (pick(9)) {
      case 0:
        s[i] = alphabet[pick(39)];
        break;
      case 1:
        s.erase(i, 1);
        break;
      case 2:
        s.insert(i, 1, alphabet[pick(39)]);
        break;
      case 3:
        if (i + 1 < s.size())
          std::swap(s[i], s[i + 1]);
        break;
      case 4:
        s.insert(i, 1, '-');
        break;
      case 5:
        s = "@evil/" + s;
        break;
      case 6:
        s = s[0] == '@' ? s.substr(1) : "@x" + s + "/" + s;
        break;
      case 7:
        s.replace(i, 1, "rn");
        break;
      default:
        s.replace(i, 1, "\xd0\xb0");
        break;
    }
    return s;
  };
  for (const char* list : {"popular-npm", "popular-pypi"}) {
    const auto& popular = rules().data(list);
    const TyposquatIndex& ix = index(list);
    int hits = 0;
    for (int n = 0; n < 1500; ++n) {
      std::string name = mutate(popular[pick(popular.size())].value);
      if (n % 5 == 0) {
        name = mutate(name);  // two changes: mostly nothing to find
      }
      if (n % 7 == 0) {
        name.clear();
        for (size_t len = 5 + pick(8); name.size() < len;)
          name += alphabet[pick(26)];
      }
      auto fast = ix.check(name);
      auto each = ix.check_each(name);
      INFO(list << ": " << name);
      REQUIRE(fast.has_value() == each.has_value());
      if (fast) {
        ++hits;
        CHECK(fast->popular == each->popular);
        CHECK(fast->how == each->how);
      }
    }
    CHECK(hits > 500);  // the names reach the kinds under test
  }
}
