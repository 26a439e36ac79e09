// Runs every rule's annotated test cases (rules/**/*.test.*) against the rules embedded in the
// binary, and checks that bad rule files are rejected with a located message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "analyzer/engine/rule_test.h"
#include "analyzer/engine/ruleset.h"

using namespace tarsier;

namespace {

const RuleSet& embedded() {
  static std::unique_ptr<RuleSet> set = [] {
    auto s = RuleSet::load("");
    INFO((s ? "" : s.error().str()));
    REQUIRE(s);
    return std::move(*s);
  }();
  return *set;
}

// A scratch rules directory holding the given files.
std::string write_rules(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& files) {
  auto dir = std::filesystem::temp_directory_path() / ("tarsier-rules-" + name);
  std::filesystem::remove_all(dir);
  for (const auto& [path, text] : files) {
    std::filesystem::create_directories((dir / path).parent_path());
    std::ofstream(dir / path) << text;
  }
  return dir.string();
}

// Why loading the rules in `dir` fails ("" when it does not).
std::string load_error(const std::string& dir) {
  auto set = RuleSet::load(dir);
  return set ? "" : set.error().str();
}

const char* k_header =
    "; id: t-rule\n; languages: javascript\n; capability: eval\n; severity: low\n"
    "; needles: eval\n; message: test rule\n";

}  // namespace

TEST_CASE("every rule passes its annotated cases", "[rules]") {
  auto results = run_rule_tests(embedded(), "");
  REQUIRE(results.size() >= 15);
  for (const auto& r : results) {
    INFO("rule " << r.rule_id);
    for (const auto& f : r.failures) {
      UNSCOPED_INFO(f);
    }
    CHECK(r.failures.empty());
    CHECK(r.positive > 0);
    CHECK(r.negative > 0);
  }
}

TEST_CASE("rule harness reports missing, noisy and untested rules", "[rules]") {
  SECTION("a finding on an ok line is noisy, an unmatched ruleid line is missing") {
    std::string dir = write_rules(
        "noisy",
        {{"js/t-rule.scm",
          std::string(k_header) +
              "((call_expression function: (identifier) @raw.f) @match (#eq? @raw.f \"eval\"))\n"},
         {"js/t-rule.test.js", "// ruleid: t-rule\nfoo(x);\n\n// ok: t-rule\neval(x);\n"}});
    auto loaded = RuleSet::load(dir);
    REQUIRE(loaded);
    const auto& set = *loaded;
    auto results = run_rule_tests(*set, "t-rule");
    REQUIRE(results.size() == 1);
    std::string all;
    for (const auto& f : results[0].failures)
      all += f + "\n";
    CHECK(all.find("t-rule.test.js:2: missing") != std::string::npos);
    CHECK(all.find("t-rule.test.js:5: noisy") != std::string::npos);
  }
  SECTION("a rule without a test file fails") {
    std::string dir = write_rules(
        "untested", {{"js/t-rule.scm", std::string(k_header) + "((identifier) @match)\n"}});
    auto loaded = RuleSet::load(dir);
    REQUIRE(loaded);
    const auto& set = *loaded;
    auto results = run_rule_tests(*set, "");
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].failures.size() == 1);
    CHECK(results[0].failures[0].find("no test file") != std::string::npos);
  }
  SECTION("a test file without an ok case fails") {
    std::string dir = write_rules(
        "nook",
        {{"js/t-rule.scm",
          std::string(k_header) +
              "((call_expression function: (identifier) @raw.f) @match (#eq? @raw.f \"eval\"))\n"},
         {"js/t-rule.test.js", "// ruleid: t-rule\neval(x);\n"}});
    auto loaded = RuleSet::load(dir);
    REQUIRE(loaded);
    const auto& set = *loaded;
    auto results = run_rule_tests(*set, "");
    REQUIRE(results[0].failures.size() == 1);
    CHECK(results[0].failures[0].find("no ok case") != std::string::npos);
  }
}

TEST_CASE("bad rules are rejected with path:line:col", "[rules]") {
  SECTION("unknown predicate") {
    std::string dir = write_rules(
        "badpred",
        {{"js/t-rule.scm",
          std::string(k_header) + "((identifier) @raw.x @match\n (#frobnicate? @raw.x \"a\"))\n"}});
    std::string error = load_error(dir);
    REQUIRE_FALSE(error.empty());
    CHECK(error ==
          "rules/js/t-rule.scm:8:3: unknown predicate '#frobnicate?' (expected #eq?, "
          "#match?, #any-of?, #const? or their #not- forms)");
  }
  SECTION("unknown capture") {
    std::string dir = write_rules(
        "badcap", {{"js/t-rule.scm", std::string(k_header) + "((identifier) @name @match)\n"}});
    std::string error = load_error(dir);
    REQUIRE_FALSE(error.empty());
    CHECK(error.rfind("rules/js/t-rule.scm:7:15: unknown capture '@name'", 0) == 0);
  }
  SECTION("unknown node type") {
    std::string dir = write_rules(
        "badnode", {{"js/t-rule.scm", std::string(k_header) + "\n((no_such_node) @match)\n"}});
    std::string error = load_error(dir);
    REQUIRE_FALSE(error.empty());
    CHECK(error.rfind("rules/js/t-rule.scm:8:3: unknown node type", 0) == 0);
  }
  SECTION("missing header key") {
    std::string dir = write_rules(
        "badhdr",
        {{"js/t-rule.scm", "; id: t-rule\n; languages: javascript\n((identifier) @match)\n"}});
    std::string error = load_error(dir);
    REQUIRE_FALSE(error.empty());
    CHECK(error == "rules/js/t-rule.scm:1:1: expected a '; capability:' header line");
  }
  SECTION("bad regular expression") {
    std::string dir = write_rules(
        "badre", {{"js/t-rule.scm", std::string(k_header) +
                                        "((identifier) @raw.x @match (#match? @raw.x \"(\"))\n"}});
    std::string error = load_error(dir);
    REQUIRE_FALSE(error.empty());
    CHECK(error.find("rules/js/t-rule.scm:7:") == 0);
    CHECK(error.find("bad regular expression") != std::string::npos);
  }
}

TEST_CASE("rules loaded lazily compile each language on first use", "[rules]") {
  SECTION("a broken rule is reported when its language is first needed") {
    std::string dir = write_rules(
        "lazynode", {{"js/t-rule.scm", std::string(k_header) + "\n((no_such_node) @match)\n"}});
    auto loaded = RuleSet::load(dir, /*lazy=*/true);
    REQUIRE(loaded);
    const auto& set = *loaded;
    CHECK(set->query_set(Lang::python) == nullptr);
    CHECK(set->query_set_error(Lang::python).empty());
    CHECK(set->query_set(Lang::javascript) == nullptr);
    CHECK(set->query_set_error(Lang::javascript)
              .rfind("rules/js/t-rule.scm:8:3: unknown node type", 0) == 0);
    auto compiled = set->compile_all();
    REQUIRE_FALSE(compiled);
    CHECK(compiled.error().str().rfind("rules/js/t-rule.scm:8:3: unknown node type", 0) == 0);
  }
  SECTION("the embedded rules compile the same queries lazily as at once") {
    auto loaded = RuleSet::load("", /*lazy=*/true);
    REQUIRE(loaded);
    const auto& lazy = *loaded;
    for (int l = 0; l < k_lang_count; ++l) {
      const QuerySet* eager_set = embedded().query_set(static_cast<Lang>(l));
      const QuerySet* lazy_set = lazy->query_set(static_cast<Lang>(l));
      REQUIRE((eager_set == nullptr) == (lazy_set == nullptr));
      if (eager_set != nullptr) {
        REQUIRE(lazy_set->rules().size() == eager_set->rules().size());
        for (size_t r = 0; r < lazy_set->rules().size(); ++r) {
          CHECK(lazy_set->rules()[r]->id == eager_set->rules()[r]->id);
        }
        CHECK(ts_query_pattern_count(lazy_set->query()) ==
              ts_query_pattern_count(eager_set->query()));
      }
    }
    CHECK(lazy->compile_all());
  }
}
