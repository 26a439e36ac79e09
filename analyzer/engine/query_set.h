// All query rules of one language compiled into a single TSQuery, so one pass over a tree runs
// every rule; pattern indexes map back to rules. Also owns the language's lexical pre-filter:
// one RE2 that decides whether a file can match any rule at all (see lexical_gate()).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <tree_sitter/api.h>

#include "analyzer/core/diagnostic.h"
#include "analyzer/engine/path_guard.h"
#include "analyzer/engine/predicate.h"
#include "analyzer/engine/prefilter.h"
#include "analyzer/engine/rule.h"

namespace tarsier {

// A time limit for one query pass.
struct QueryBudget {
  std::chrono::steady_clock::time_point deadline;
  bool timed_out = false;
};

// One rule match, before it becomes a Finding.
struct RuleMatch {
  const QueryRule* rule = nullptr;
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  TSPoint start{};
};

class QuerySet {
 public:
  ~QuerySet();
  QuerySet(const QuerySet&) = delete;
  QuerySet& operator=(const QuerySet&) = delete;

  // Compiles `rules` (all of which list `lang`). Each rule is first compiled alone so an error
  // points into its own file: "rules/js/x.scm:12:5: ...".
  static std::unique_ptr<QuerySet> build(Lang lang, std::vector<const QueryRule*> rules,
                                         Diagnostic* error);

  Lang lang() const { return m_lang; }
  const TSQuery* query() const { return m_query; }
  const std::vector<const QueryRule*>& rules() const { return m_rules; }

  // True when the text could produce a match: it contains a rule needle, a piece of a needle
  // being concatenated, or an escape/decoding construct the resolver can fold. Always true when
  // some rule has "needles: *".
  bool lexical_gate(std::string_view text) const;
  const std::string& gate_pattern() const { return m_gate->pattern(); }
  // Where the needles occur as written (Prefilter::hits).
  std::vector<size_t> needle_hits(std::string_view text, size_t max) const {
    return m_gate->hits(text, max);
  }

  // Runs the query over `tree` and returns the matches whose predicates hold, de-duplicated by
  // (rule, start byte), in source order. `exceeded` is set when the match limit was hit.
  // With `budget`, the pass stops at its deadline and sets `budget->timed_out`; the matches
  // found until then are returned.
  std::vector<RuleMatch> run(const TSTree* tree, std::string_view source, bool* exceeded = nullptr,
                             QueryBudget* budget = nullptr) const;

  // Raw structural matches before predicates, for `tarsier debug query`. It evaluates every
  // rule's predicates without the guards (path_guard.h), so tests compare run() against it.
  struct DebugMatch {
    const QueryRule* rule;
    bool kept;
    std::vector<std::pair<std::string, TSNode>> captures;
  };
  std::vector<DebugMatch> debug_run(const TSTree* tree, std::string_view source) const;

 private:
  QuerySet() = default;
  const QueryRule* rule_for_pattern(uint32_t pattern) const;

  Lang m_lang = Lang::javascript;
  TSQuery* m_query = nullptr;
  std::vector<const QueryRule*> m_rules;
  std::vector<uint32_t> m_rule_offsets;  // start byte of each rule in the combined source
  std::vector<std::vector<Predicate>> m_predicates;  // per pattern
  std::vector<std::vector<PathGuard>> m_guards;      // per pattern, from its predicates
  std::vector<CaptureKind> m_capture_kinds;          // per capture id
  // Structures several rules share are one pattern each in the query (sorted indexes); each
  // rule's predicates are tried on its matches (query_set.cpp, pattern_structure).
  struct SharedRule {
    const QueryRule* rule;
    std::vector<Predicate> predicates;
    std::vector<PathGuard> guards;
  };
  using SharedRules = std::vector<SharedRule>;
  const SharedRules* shared_rules(uint32_t pattern) const;
  std::vector<uint32_t> m_shared_patterns;
  std::vector<SharedRules> m_shared;
  uint32_t m_match_capture = 0;
  bool m_always_parse = false;
  std::unique_ptr<Prefilter> m_gate;
};

}  // namespace tarsier
