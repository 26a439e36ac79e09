// Everything loaded from rules/: query rules compiled per language, threat definitions and the
// data lists used by the lexical detectors. Immutable after load; shared by all threads.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "analyzer/core/diagnostic.h"
#include "analyzer/engine/query_set.h"
#include "analyzer/engine/rule.h"
#include "analyzer/engine/threats.h"

namespace tarsier {

// A data list file (rules/data/*.txt): one entry per line, '#' comments. An entry is either a
// bare value or "key value" (host class, path kind); see rules/README.md.
struct DataEntry {
  std::string key;  // "" for bare lists
  std::string value;
};

// A line of rules/data/text-patterns.txt: a regex applied to the text of code files.
struct TextPattern {
  std::string id;
  std::string capability;
  Risk severity = Risk::low;
  std::vector<std::string> tags;
  std::string message;
  std::shared_ptr<const RE2> regex;
};

class RuleSet {
 public:
  // Loads rules/ (embedded when `dir` is empty). An error ("path:line:col: ...") on a bad rule.
  // Each language's queries are compiled at load, or with `lazy` on first use of the language
  // (a scan that meets only JavaScript compiles nothing else); compile_all() then reports the
  // first error.
  static Result<std::unique_ptr<RuleSet>> load(const std::string& dir, bool lazy = false);
  // Compiles every language not compiled yet; the first error ("path:line:col: ...").
  Result<void> compile_all() const;
  // The version() that load() would give, without parsing or compiling anything (a scan whose
  // results all come from the risk database needs only this).
  static Result<std::string> version_of(const std::string& dir);

  const std::vector<std::unique_ptr<QueryRule>>& rules() const { return m_rules; }
  const QueryRule* find_rule(const std::string& id) const;
  // The language's compiled queries (compiled now if loaded lazily); nullptr when no rule
  // lists the language, or when they do not compile (query_set_error() says why).
  const QuerySet* query_set(Lang lang) const;
  const std::string& query_set_error(Lang lang) const;
  const std::vector<ThreatDef>& threats() const { return m_threats; }
  // A data list by its file stem ("hosts", "sensitive-paths", ...); empty when absent.
  const std::vector<DataEntry>& data(const std::string& name) const;
  // Rule test files (".test.<ext>") keyed by rule id, in path order.
  const std::map<std::string, std::vector<RuleFile>>& test_files() const { return m_tests; }
  const std::vector<TextPattern>& text_patterns() const { return m_text_patterns; }
  // All text patterns in one set, to test a file in one pass before locating each hit.
  const RE2::Set* text_pattern_set() const { return m_text_set.get(); }
  // All sensitive-path literals (and their backslash forms) in one regex.
  const RE2* sensitive_path_regex() const { return m_path_regex.get(); }
  // A digest of every rule file, to invalidate stored results when rules change.
  const std::string& version() const { return m_version; }

 private:
  std::vector<std::unique_ptr<QueryRule>> m_rules;
  // One language's queries, compiled once by whichever thread needs them first.
  struct LangQueries {
    std::vector<const QueryRule*> rules;
    std::once_flag once;
    std::unique_ptr<QuerySet> set;
    std::string error;
  };
  mutable std::array<LangQueries, k_lang_count> m_langs;
  std::vector<ThreatDef> m_threats;
  std::map<std::string, std::vector<DataEntry>> m_data;
  std::map<std::string, std::vector<RuleFile>> m_tests;
  std::vector<TextPattern> m_text_patterns;
  std::unique_ptr<RE2::Set> m_text_set;
  std::unique_ptr<RE2> m_path_regex;
  std::string m_version;
};

}  // namespace tarsier
