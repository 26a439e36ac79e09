// The rule test harness shared by `tarsier rules test` and the Catch2 suite. Each query rule has
// test files with its basename and the language's extension (rules/js/x.test.js, .test.ts,
// .test.py, .test.sh). A line `// ruleid: ID` (or `# ruleid: ID`) marks the next code line as a
// line where rule ID must report; `// ok: ID` marks a line where it must not. A rule fails when
// it has no test file, no ruleid or no ok case, reports on a line not marked ruleid (noisy), or
// misses a ruleid line (missing). Each ruleid case must also be found when its paragraph (the
// lines up to the surrounding blank lines) is analysed alone, with the lexical pre-filter on:
// so the pre-filter is tested case by case.
#pragma once

#include <string>
#include <vector>

#include "analyzer/engine/ruleset.h"

namespace tarsier {

struct RuleTestResult {
  std::string rule_id;
  int positive = 0;
  int negative = 0;
  std::vector<std::string> failures;  // "rules/js/x.test.js:12: missing: ..." and the like
};

// Runs the tests of every query rule, or of `only_id` when non-empty (an unknown id yields one
// failed result).
std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules, const std::string& only_id);

}  // namespace tarsier
