// The built-in finding ids (analyzer/core/finding_ids.h) are complete: every id the code emits
// as a literal is listed, so a policy naming it is never rejected as unknown. The source is read
// for the places that name a finding's rule: make_finding("..."), add_finding("..."),
// make_signal(job, at, "..."), `rule = "..."`.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/core/finding_ids.h"
#include "analyzer/engine/finding_ids.h"
#include "analyzer/engine/ruleset.h"
#include "tests/support/paths.h"

using namespace tarsier;

TEST_CASE("every literal finding id in the code is a built-in finding id", "[core][policy]") {
  std::set<std::string> listed(k_built_in_finding_ids.begin(), k_built_in_finding_ids.end());
  const std::regex site(
      R"re(((make_finding|add_finding)\(\s*|make_signal\(\s*\w+\s*,\s*[^,;]+,\s*|)re"
      R"re(\.rule\s*=\s*(\w+\s*\?\s*)?)"([a-z][a-z0-9]*(-[a-z0-9]+)*)")re");
  std::set<std::string> emitted;
  for (const char* folder : {"analyzer", "parsers"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(test::source_path(folder))) {
      if (entry.path().extension() != ".cpp") {
        continue;
      }
      std::ifstream in(entry.path());
      std::ostringstream text;
      text << in.rdbuf();
      std::string source = text.str();
      for (std::sregex_iterator it(source.begin(), source.end(), site), end; it != end; ++it) {
        emitted.insert((*it)[4].str());
      }
    }
  }
  // The scan finds the known sites (it is not reading nothing).
  CHECK(emitted.count("archive-path-traversal") == 1);
  CHECK(emitted.count("typosquat") == 1);
  CHECK(emitted.count("known-malware") == 1);
  for (const auto& id : emitted) {
    INFO(id);
    CHECK(listed.count(id) == 1);
  }
}

TEST_CASE("finding ids: rules, text patterns, threats and the built-in ones", "[core][policy]") {
  auto ids = finding_ids("");
  INFO((ids ? "" : ids.error().str()));
  REQUIRE(ids);
  auto has = [&](const std::string& id) {
    return std::binary_search(ids->begin(), ids->end(), id);
  };
  CHECK(has("js-eval"));             // a query rule
  CHECK(has("npm-install-script"));  // built in
  CHECK_FALSE(has("js-evl"));
  auto loaded = RuleSet::load("");
  REQUIRE(loaded);
  const auto& rules = *loaded;
  for (const auto& rule : rules->rules()) {
    CHECK(has(rule->id));
  }
  for (const auto& pattern : rules->text_patterns()) {
    CHECK(has(pattern.id));
  }
  for (const auto& threat : rules->threats()) {
    CHECK(has("threat-" + threat.id));
  }
}
