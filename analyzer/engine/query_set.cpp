#include "analyzer/engine/query_set.h"

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/engine/parse_session.h"

namespace tarsier {

namespace {

// A bounded number of in-progress matches per cursor keeps pathological files cheap.
constexpr uint32_t k_match_limit = 1024;

std::string query_error_text(TSQueryError e) {
  switch (e) {
    case TSQueryErrorSyntax:
      return "query syntax error";
    case TSQueryErrorNodeType:
      return "unknown node type for this language";
    case TSQueryErrorField:
      return "unknown field name for this language";
    case TSQueryErrorCapture:
      return "unknown capture in a predicate";
    case TSQueryErrorStructure:
      return "impossible pattern structure";
    case TSQueryErrorLanguage:
      return "incompatible grammar";
    default:
      return "query error";
  }
}

// A pattern's structure: its text before the first predicate, whitespace collapsed, with the
// parenthesis the predicates would have closed. Rules often share one (every
// `call_expression function: (_) @path.fn` rule); tree-sitter would report one match per rule
// for each node, so the combined query holds each shared structure once and the rules'
// predicates are tried on that one match (QuerySet::run). "" when there is no predicate.
std::string pattern_structure(std::string_view text) {
  auto hash = text.find("(#");
  if (hash == std::string_view::npos) {
    return "";
  }
  std::string norm;
  for (char c : text.substr(0, hash)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!norm.empty() && norm.back() != ' ')
        norm += ' ';
    } else {
      norm += c;
    }
  }
  while (!norm.empty() && norm.back() == ' ')
    norm.pop_back();
  norm += ")";
  // Only the common shape `((...) @match (#pred...))` is shared: the text must balance.
  int depth = 0;
  for (char c : norm) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0 || c == '"' || c == '[')
      return "";
  }
  return depth == 0 ? norm : "";
}

// The first capture name the engine does not know; "" when all are known.
std::string unknown_capture(const TSQuery* q) {
  for (uint32_t c = 0; c < ts_query_capture_count(q); ++c) {
    uint32_t len = 0;
    const char* name = ts_query_capture_name_for_id(q, c, &len);
    if (capture_kind_for_name(std::string_view(name, len)) == CaptureKind::invalid) {
      return std::string(name, len);
    }
  }
  return "";
}

// The first capture whose name is not one the engine knows; "" when all are known.
std::string bad_capture(const TSQuery* q, const QueryRule& rule, uint32_t* bad_offset) {
  std::string name = unknown_capture(q);
  if (name.empty()) {
    return "";
  }
  *bad_offset = static_cast<uint32_t>(rule.source.find("@" + name));
  return "unknown capture '@" + name + "' (expected @match, @str.*, @path.* or @raw.*)";
}

// The first pattern without @match or with predicates that do not compile; "" when none.
std::string bad_pattern(const TSQuery* q, const QueryRule& rule, uint32_t* bad_offset) {
  uint32_t patterns = ts_query_pattern_count(q);
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t start = ts_query_start_byte_for_pattern(q, p);
    uint32_t end = p + 1 < patterns ? ts_query_start_byte_for_pattern(q, p + 1)
                                    : static_cast<uint32_t>(rule.source.size());
    std::string_view body = std::string_view(rule.source).substr(start, end - start);
    if (body.find("@match") == std::string_view::npos) {
      *bad_offset = start;
      return "pattern has no @match capture (the node to report)";
    }
    std::string perr;
    if (!compile_predicates(q, p, &perr)) {
      auto hash = body.find('#');
      *bad_offset = start + (hash == std::string_view::npos ? 0 : static_cast<uint32_t>(hash));
      // Point at the offending predicate when its name is in the message.
      auto quote = perr.find("'#");
      if (quote != std::string::npos) {
        std::string pname = perr.substr(quote + 1, perr.find('\'', quote + 1) - quote - 1);
        auto at = body.find(pname);
        if (at != std::string_view::npos) {
          *bad_offset = start + static_cast<uint32_t>(at);
        }
      }
      return perr;
    }
  }
  return "";
}

// A compiled query, deleted with its owner.
struct QueryDeleter {
  void operator()(TSQuery* q) const { ts_query_delete(q); }
};
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;

// One rule's query compiled alone, so errors carry the rule file's own line and column.
bool check_rule_query(Lang lang, const QueryRule& rule, Diagnostic* error) {
  uint32_t offset = 0;
  TSQueryError kind = TSQueryErrorNone;
  QueryPtr q(ts_query_new(ts_language(lang), rule.source.data(),
                          static_cast<uint32_t>(rule.source.size()), &offset, &kind));
  if (!q) {
    error->path = rule.path;
    offset_to_line_col(rule.source, offset, &error->line, &error->column);
    error->message = query_error_text(kind) + " (" + std::string(lang_name(lang)) + ")";
    return false;
  }
  uint32_t bad_offset = 0;
  std::string message = ts_query_pattern_count(q.get()) == 0 ? "the rule has no query pattern" : "";
  if (message.empty()) {
    message = bad_capture(q.get(), rule, &bad_offset);
  }
  if (message.empty()) {
    message = bad_pattern(q.get(), rule, &bad_offset);
  }
  if (message.empty()) {
    return true;
  }
  error->path = rule.path;
  offset_to_line_col(rule.source, std::min<size_t>(bad_offset, rule.source.size()), &error->line,
                     &error->column);
  error->message = message;
  return false;
}

// A pattern's place in its rule's source, its index in the rules' joint query and its
// shareable structure ("" when none).
struct PatternText {
  uint32_t start, end;
  uint32_t pattern;
  std::string structure;
};

// All rules of a language compiled together, once: each tree-sitter compile analyses the
// grammar again, so one joint compile costs far less than one per rule. Also gives each rule's
// pattern texts. nullptr when some rule is wrong (unknown node, capture or predicate, no @match):
// check_rule_query then says which, and where.
QueryPtr compile_jointly(Lang lang, const std::vector<const QueryRule*>& rules,
                         std::vector<std::vector<PatternText>>* texts) {
  std::string joint;
  std::vector<uint32_t> offsets;
  for (const auto* rule : rules) {
    offsets.push_back(static_cast<uint32_t>(joint.size()));
    joint += rule->source;
    joint += "\n";
  }
  uint32_t offset = 0;
  TSQueryError kind = TSQueryErrorNone;
  QueryPtr q(ts_query_new(ts_language(lang), joint.data(), static_cast<uint32_t>(joint.size()),
                          &offset, &kind));
  if (!q) {
    return nullptr;
  }
  if (!unknown_capture(q.get()).empty()) {
    return nullptr;
  }
  texts->assign(rules.size(), {});
  uint32_t patterns = ts_query_pattern_count(q.get());
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t start = ts_query_start_byte_for_pattern(q.get(), p);
    size_t r = static_cast<size_t>(std::upper_bound(offsets.begin(), offsets.end(), start) -
                                   offsets.begin()) -
               1;
    uint32_t rule_end = offsets[r] + static_cast<uint32_t>(rules[r]->source.size());
    uint32_t end = p + 1 < patterns
                       ? std::min(rule_end, ts_query_start_byte_for_pattern(q.get(), p + 1))
                       : rule_end;
    std::string_view body = std::string_view(joint).substr(start, end - start);
    std::string perr;
    if (body.find("@match") == std::string_view::npos || !compile_predicates(q.get(), p, &perr)) {
      return nullptr;  // bad_pattern names it
    }
    (*texts)[r].push_back({start - offsets[r], end - offsets[r], p, pattern_structure(body)});
  }
  for (const auto& t : *texts) {
    if (t.empty()) {
      return nullptr;  // a rule without a pattern
    }
  }
  return q;
}

// Which rules use each structure.
std::map<std::string, std::set<const QueryRule*>> structure_users(
    const std::vector<const QueryRule*>& rules,
    const std::vector<std::vector<PatternText>>& texts) {
  std::map<std::string, std::set<const QueryRule*>> users;
  for (size_t r = 0; r < rules.size(); ++r) {
    for (const auto& t : texts[r]) {
      if (!t.structure.empty())
        users[t.structure].insert(rules[r]);
    }
  }
  return users;
}

// A shared pattern as one rule wrote it: its structure, its rule and its index in the joint
// query (whose predicates it keeps).
struct SharedUse {
  std::string structure;
  const QueryRule* rule;
  uint32_t pattern;
};

// The source of all rules of a language in one query: each rule's text with its shared patterns
// blanked out, then one instance of each shared structure, in a known order.
struct CombinedSource {
  std::string text;
  std::vector<uint32_t> rule_offsets;  // start byte of each rule
  bool always_parse = false;
  uint32_t shared_start = 0;            // start byte of the shared structures
  std::vector<std::string> structures;  // the shared structures, in order
  std::vector<SharedUse> shared;
};

CombinedSource combine_rules(const std::vector<const QueryRule*>& rules,
                             const std::vector<std::vector<PatternText>>& texts) {
  auto users = structure_users(rules, texts);
  CombinedSource out;
  for (size_t r = 0; r < rules.size(); ++r) {
    const QueryRule* rule = rules[r];
    out.rule_offsets.push_back(static_cast<uint32_t>(out.text.size()));
    std::string source = rule->source;
    for (const auto& t : texts[r]) {
      if (t.structure.empty() || users[t.structure].size() < 2)
        continue;
      out.shared.push_back({t.structure, rule, t.pattern});
      // Blank it out, keeping the offsets (and so rule_for_pattern) of the other patterns.
      for (uint32_t i = t.start; i < t.end; ++i) {
        if (source[i] != '\n')
          source[i] = ' ';
      }
    }
    out.text += source;
    out.text += "\n";
    out.always_parse = out.always_parse || rule->always_parse;
  }
  out.shared_start = static_cast<uint32_t>(out.text.size());
  for (const auto& [structure, who] : users) {
    if (who.size() >= 2) {
      out.structures.push_back(structure);
      out.text += structure + "\n";
    }
  }
  return out;
}

// The predicates of one rule's shared pattern, from the joint query, captures renumbered by name
// for the combined query (the shared instance has the same captures); nullopt with `error`.
std::optional<std::vector<Predicate>> shared_predicates(
    const TSQuery* joint, uint32_t pattern, const std::map<std::string, uint32_t>& capture_ids,
    std::string* error) {
  auto preds = compile_predicates(joint, pattern, error);
  if (preds) {
    auto remap = [&](uint32_t id) {
      uint32_t len = 0;
      const char* name = ts_query_capture_name_for_id(joint, id, &len);
      return capture_ids.at(std::string(name, len));
    };
    for (auto& p : *preds) {
      p.capture = remap(p.capture);
      if (p.other_capture)
        p.other_capture = remap(*p.other_capture);
    }
  }
  return preds;
}

// What the combined query says about each of its patterns and captures.
struct PatternIndex {
  std::vector<std::vector<Predicate>> predicates;  // per pattern
  std::vector<std::vector<PathGuard>> guards;      // per pattern
  std::vector<uint32_t> shared_patterns;           // patterns from `shared_start` on, in order
  std::vector<CaptureKind> capture_kinds;          // per capture id
  std::map<std::string, uint32_t> capture_ids;     // by capture name
  uint32_t match_capture = 0;
};

PatternIndex index_patterns(const TSQuery* query, uint32_t shared_start) {
  PatternIndex out;
  for (uint32_t p = 0; p < ts_query_pattern_count(query); ++p) {
    std::string perr;
    auto preds = compile_predicates(query, p, &perr);
    out.predicates.push_back(preds ? std::move(*preds) : std::vector<Predicate>{});
    if (ts_query_start_byte_for_pattern(query, p) >= shared_start) {
      out.shared_patterns.push_back(p);
    }
  }
  for (uint32_t c = 0; c < ts_query_capture_count(query); ++c) {
    uint32_t len = 0;
    const char* name = ts_query_capture_name_for_id(query, c, &len);
    out.capture_kinds.push_back(capture_kind_for_name(std::string_view(name, len)));
    out.capture_ids[std::string(name, len)] = c;
    if (std::string_view(name, len) == "match") {
      out.match_capture = c;
    }
  }
  for (const auto& preds : out.predicates) {
    out.guards.push_back(path_guards(preds, out.capture_kinds));
  }
  return out;
}

}  // namespace

QuerySet::~QuerySet() {
  if (m_query != nullptr) {
    ts_query_delete(m_query);
  }
}

std::unique_ptr<QuerySet> QuerySet::build(Lang lang, std::vector<const QueryRule*> rules,
                                          Diagnostic* error) {
  // 1. All rules together; when that fails, each rule alone, so the error carries the rule
  // file's own line and column.
  std::vector<std::vector<PatternText>> texts;
  QueryPtr joint = compile_jointly(lang, rules, &texts);
  if (!joint) {
    for (const auto* rule : rules) {
      if (!check_rule_query(lang, *rule, error)) {
        return nullptr;
      }
    }
    error->path = "rules/";
    error->message = "the " + std::string(lang_name(lang)) + " rules do not compile together";
    return nullptr;
  }

  // 2. All rules of the language in one query, shared structures once.
  std::unique_ptr<QuerySet> set(new QuerySet());
  set->m_lang = lang;
  set->m_rules = rules;
  CombinedSource combined = combine_rules(rules, texts);
  set->m_rule_offsets = combined.rule_offsets;
  set->m_always_parse = combined.always_parse;
  uint32_t offset = 0;
  TSQueryError kind = TSQueryErrorNone;
  set->m_query = ts_query_new(ts_language(lang), combined.text.data(),
                              static_cast<uint32_t>(combined.text.size()), &offset, &kind);
  if (set->m_query == nullptr) {
    error->path = "rules/";
    error->message =
        "combined " + std::string(lang_name(lang)) + " query: " + query_error_text(kind);
    return nullptr;
  }
  PatternIndex index = index_patterns(set->m_query, combined.shared_start);
  set->m_predicates = std::move(index.predicates);
  set->m_guards = std::move(index.guards);
  set->m_capture_kinds = std::move(index.capture_kinds);
  set->m_shared_patterns = std::move(index.shared_patterns);
  set->m_match_capture = index.match_capture;
  const auto& capture_ids = index.capture_ids;
  const auto& structures = combined.structures;
  if (set->m_shared_patterns.size() != structures.size()) {
    error->path = "rules/";
    error->message = "combined " + std::string(lang_name(lang)) + " query: shared patterns";
    return nullptr;
  }
  set->m_shared.resize(structures.size());
  for (const auto& [structure, rule, pattern] : combined.shared) {
    size_t slot = static_cast<size_t>(std::find(structures.begin(), structures.end(), structure) -
                                      structures.begin());
    std::string perr;
    auto preds = shared_predicates(joint.get(), pattern, capture_ids, &perr);
    if (!preds) {
      error->path = rule->path;
      error->message = "cannot compile the predicates of a shared pattern: " + perr;
      return nullptr;
    }
    auto guards = path_guards(*preds, set->m_capture_kinds);
    set->m_shared[slot].push_back({rule, std::move(*preds), std::move(guards)});
  }
  std::string gate_error;
  set->m_gate = Prefilter::build(lang, rules, &gate_error);
  if (!set->m_gate) {
    error->path = "rules/";
    error->message = gate_error;
    return nullptr;
  }
  return set;
}

const QueryRule* QuerySet::rule_for_pattern(uint32_t pattern) const {
  uint32_t start = ts_query_start_byte_for_pattern(m_query, pattern);
  auto it = std::upper_bound(m_rule_offsets.begin(), m_rule_offsets.end(), start);
  size_t index = static_cast<size_t>(it - m_rule_offsets.begin()) - 1;
  return m_rules[index];
}

const QuerySet::SharedRules* QuerySet::shared_rules(uint32_t pattern) const {
  auto it = std::lower_bound(m_shared_patterns.begin(), m_shared_patterns.end(), pattern);
  if (it == m_shared_patterns.end() || *it != pattern) {
    return nullptr;
  }
  return &m_shared[static_cast<size_t>(it - m_shared_patterns.begin())];
}

bool QuerySet::lexical_gate(std::string_view text) const {
  return m_always_parse || m_gate->admits(text);
}

std::vector<RuleMatch> QuerySet::run(const TSTree* tree, std::string_view source, bool* exceeded,
                                     QueryBudget* budget) const {
  std::vector<RuleMatch> out;
  auto resolver = make_cached_resolver(m_lang, tree, source);
  CaptureValues values(m_query, &m_capture_kinds, source, resolver.get());
  ShapeMemo shapes(resolver.get());
  TSQueryCursor* cursor = thread_query_cursor();
  ts_query_cursor_set_match_limit(cursor, k_match_limit);
  ts_query_cursor_exec(cursor, m_query, ts_tree_root_node(tree));
  std::set<std::pair<const QueryRule*, uint32_t>> seen;
  TSQueryMatch match;
  uint32_t count = 0;
  while (ts_query_cursor_next_match(cursor, &match)) {
    // The clock is read every 64 matches: cheap next to resolving and predicates.
    if (budget != nullptr && (++count & 63) == 0 &&
        std::chrono::steady_clock::now() > budget->deadline) {
      budget->timed_out = true;
      break;
    }
    TSNode node = match.captures[0].node;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index == m_match_capture) {
        node = match.captures[i].node;
        break;
      }
    }
    auto emit = [&](const QueryRule* rule) {
      uint32_t start = ts_node_start_byte(node);
      if (seen.insert({rule, start}).second) {
        out.push_back({rule, start, ts_node_end_byte(node), ts_node_start_point(node)});
      }
    };
    // Guards first: they reject most matches without resolving anything.
    if (const auto* rules = shared_rules(match.pattern_index)) {
      for (const auto& r : *rules) {
        if (guards_admit(r.guards, match, shapes) && predicates_hold(r.predicates, match, values))
          emit(r.rule);
      }
      continue;
    }
    if (guards_admit(m_guards[match.pattern_index], match, shapes) &&
        predicates_hold(m_predicates[match.pattern_index], match, values)) {
      emit(rule_for_pattern(match.pattern_index));
    }
  }
  if (exceeded != nullptr) {
    *exceeded = ts_query_cursor_did_exceed_match_limit(cursor);
  }
  std::sort(out.begin(), out.end(), [](const RuleMatch& a, const RuleMatch& b) {
    return a.start_byte != b.start_byte ? a.start_byte < b.start_byte : a.rule->id < b.rule->id;
  });
  return out;
}

std::vector<QuerySet::DebugMatch> QuerySet::debug_run(const TSTree* tree,
                                                      std::string_view source) const {
  std::vector<DebugMatch> out;
  auto resolver = make_cached_resolver(m_lang, tree, source);
  CaptureValues values(m_query, &m_capture_kinds, source, resolver.get());
  TSQueryCursor* cursor = thread_query_cursor();
  ts_query_cursor_exec(cursor, m_query, ts_tree_root_node(tree));
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor, &match)) {
    std::vector<std::pair<std::string, TSNode>> captures;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      uint32_t len = 0;
      const char* name = ts_query_capture_name_for_id(m_query, match.captures[i].index, &len);
      captures.emplace_back(std::string(name, len), match.captures[i].node);
    }
    if (const auto* rules = shared_rules(match.pattern_index)) {
      for (const auto& r : *rules) {
        out.push_back({r.rule, predicates_hold(r.predicates, match, values), captures});
      }
      continue;
    }
    out.push_back({rule_for_pattern(match.pattern_index),
                   predicates_hold(m_predicates[match.pattern_index], match, values),
                   std::move(captures)});
  }
  return out;
}

}  // namespace tarsier
