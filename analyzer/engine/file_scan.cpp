#include "analyzer/engine/file_scan.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <set>

#include "analyzer/core/capability.h"
#include "analyzer/engine/load_reach.h"
#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/payload_decode.h"
#include "analyzer/engine/region_scan.h"

namespace tarsier {

namespace {
// A bundle can hold thousands of process.env reads; beyond this many per rule and file the
// findings add nothing for a reader.
constexpr int k_max_findings_per_rule = 20;
// Repeats beyond the report cap still take part in near:N threat windows, up to this many.
constexpr int k_max_signals_per_rule = 400;
}  // namespace

std::string snippet_at(std::string_view data, size_t offset) {
  // The line around `offset` when it is at most k_width long, else k_width bytes of it from
  // k_lead before the offset (or from the line's start, if nearer). Only k_width bytes either
  // side are searched for the line's ends: a minified line can be megabytes long, and a bundle
  // has hundreds of findings on it.
  constexpr size_t k_width = 160, k_lead = 60;
  offset = std::min(offset, data.size());
  size_t low = offset > k_width ? offset - k_width : 0;
  size_t back = data.substr(low, offset - low).rfind('\n');
  bool start_known = back != std::string_view::npos || low == 0;
  size_t start = back != std::string_view::npos ? low + back + 1 : low;
  size_t ahead = data.substr(offset, k_width + 1).find('\n');
  bool end_known = ahead != std::string_view::npos || data.size() - offset <= k_width;
  size_t end = ahead != std::string_view::npos ? offset + ahead
                                               : std::min(data.size(), offset + k_width + 1);
  if (!start_known || !end_known || end - start > k_width) {
    // A line longer than k_width: an unknown start is more than k_lead before the offset.
    size_t from = start_known && offset <= start + k_lead ? start : offset - k_lead;
    start = from;
    end = std::min(end, from + k_width);
  }
  std::string out(data.substr(start, end - start));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\r')) {
    out.pop_back();
  }
  size_t first = out.find_first_not_of(" \t");
  return first == std::string::npos ? "" : out.substr(first);
}

Signal make_signal(const FileJob& job, size_t offset, std::string rule, std::string_view capability,
                   Risk severity, std::string message, std::vector<std::string> tags) {
  Signal s;
  s.finding.rule = std::move(rule);
  s.finding.capability = std::string(capability);
  s.finding.severity = severity;
  s.finding.message = std::move(message);
  s.finding.file = job.path;
  job.locate(offset, &s.finding.line, &s.finding.column);
  s.finding.snippet = snippet_at(job.data, offset);
  if (job.fixed_line > 0) {
    s.finding.line = job.fixed_line;
    s.finding.column = 0;
  } else {
    s.finding.line += job.line_offset;
  }
  s.finding.install_time = job.install_time;
  s.tags = std::move(tags);
  return s;
}

void mark_position(const FileJob& job, size_t begin, size_t end, Signal* s) {
  // Code embedded in a manifest shares its file name with other snippets: no usable offsets.
  if (job.fixed_line == 0 && job.line_offset == 0) {
    s->begin = begin;
    s->end = std::max(begin, end);
    s->whole_file = false;
  }
}

namespace {

// Tags of payload behaviour that no plain code has reason to hide.
bool strong_tag(const std::string& tag) {
  for (std::string_view t : {"exec", "eval", "fs-write", "chmod", "secret-path", "secret-env",
                             "env-dump", "cred-read", "revshell", "pipe-shell", "exec-hidden",
                             "decode-exec", "obfuscated-require", "host-info", "wallet"}) {
    if (tag == t) {
      return true;
    }
  }
  return false;
}

// A payload's signal moved onto the literal it was decoded from.
void place_on_literal(const Signal& at_literal, const DecodedPayload& payload, Signal* s) {
  bool strong = false, net = false;
  for (const auto& tag : s->tags) {
    strong = strong || strong_tag(tag);
    net = net || tag == "net" || tag == "download";
  }
  s->tags.push_back("decoded");
  if (strong)
    s->tags.push_back("payload-strong");
  if (net)
    s->tags.push_back("payload-net");
  s->finding.line = at_literal.finding.line;
  s->finding.column = at_literal.finding.column;
  s->finding.message =
      "[in code decoded from a constant: " + payload.chain + "] " + s->finding.message;
  s->begin = at_literal.begin;
  s->end = at_literal.end;
  s->whole_file = s->whole_file && at_literal.whole_file;
}

// A strong technique (running programs or code, network, writing files, reading credentials)
// in install-time code is at least medium by itself; the command lines of install hooks are
// judged by the shell rules and the install-script finding instead.
Risk install_severity(const FileJob& job, const QueryRule& rule) {
  if (!job.install_time || *job.lang == Lang::bash || rule.severity >= Risk::medium ||
      rule.capability.empty()) {
    return rule.severity;
  }
  for (const auto& tag : rule.tags) {
    for (std::string_view t : {"exec", "eval", "net", "download", "fs-write", "chmod", "env-dump",
                               "cred-read", "decode-exec", "exec-hidden"}) {
      if (tag == t) {
        return Risk::medium;
      }
    }
  }
  return rule.severity;
}

using Clock = std::chrono::steady_clock;

void add_matches(const FileJob& job, const std::vector<RuleMatch>& matches, FileOutcome* out) {
  std::map<const QueryRule*, int> per_rule;
  for (const auto& m : matches) {
    int& n = per_rule[m.rule];
    // Later occurrences of the same rule add no tags the first ones did not bring, but their
    // position matters to near:N threats, so they are kept as hidden signals.
    if (++n > k_max_signals_per_rule) {
      continue;
    }
    Signal s = make_signal(job, m.start_byte, m.rule->id, m.rule->capability,
                           install_severity(job, *m.rule), m.rule->message, m.rule->tags);
    mark_position(job, m.start_byte, m.end_byte, &s);
    s.hidden = n > k_max_findings_per_rule;
    out->signals.push_back(std::move(s));
  }
}

// The whole-file pass was over budget (`why`): the matches it found (`partial`) plus region
// analysis, with a finding that says so.
void fall_back_to_regions(const QuerySet& set, const AnalyzerOptions& options, const FileJob& job,
                          const std::string& why, std::vector<RuleMatch> partial,
                          FileOutcome* out) {
  auto deadline = Clock::now() + std::chrono::microseconds(options.region_budget_us);
  RegionOutcome regions = scan_regions(set, job.data, deadline);
  std::set<std::pair<const QueryRule*, uint32_t>> seen;
  for (const auto& m : partial) {
    seen.insert({m.rule, m.start_byte});
  }
  for (const auto& m : regions.matches) {
    if (seen.insert({m.rule, m.start_byte}).second) {
      partial.push_back(m);
    }
  }
  std::stable_sort(partial.begin(), partial.end(), [](const RuleMatch& a, const RuleMatch& b) {
    return a.start_byte < b.start_byte;
  });
  add_matches(job, partial, out);
  std::string how = "analysed by " + std::to_string(regions.analysed) + " of " +
                    std::to_string(regions.regions) +
                    " regions around the rules' needles and by the lexical detectors";
  out->signals.push_back(make_signal(
      job, 0, "analysis-budget", capability::analysis, job.install_time ? Risk::medium : Risk::low,
      "File analysed only in part: " + why + "; " + how +
          ". Matches that need the whole file (names bound far from their use, needles built from "
          "pieces) may be missing.",
      {"budget"}));
  out->signals.back().finding.snippet.clear();
}

// A string literal with this many parts (fragments and escapes) in a tree with a syntax error
// goes to region analysis: error recovery can keep several parses alive to the end of the input
// (parse_for_queries then parses without a terminator), so the literal's parts may stay a chain
// of nested repeat nodes that the query cursor climbs for every part. A tree without errors
// is balanced (parse_session.h).
constexpr uint32_t k_max_literal_parts = 10000;

// The most parts (children) of one string or template literal in the tree; 0 when the file
// has too few backslashes for any literal to come near the limit.
uint32_t longest_literal(const TSTree* tree, std::string_view data) {
  if (static_cast<size_t>(std::count(data.begin(), data.end(), '\\')) < k_max_literal_parts / 2) {
    return 0;
  }
  uint32_t longest = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  bool more = true;
  while (more) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    const char* type = ts_node_type(node);
    bool literal = std::strcmp(type, "string") == 0 || std::strcmp(type, "template_string") == 0;
    if (literal) {
      longest = std::max(longest, ts_node_child_count(node));
    }
    if (!literal && ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  return longest;
}

std::string budget_text(uint64_t us) {
  return std::to_string(us / 1000) + " ms";
}

}  // namespace

void payload_signals(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job,
                     FileOutcome* out) {
  constexpr int k_max_decode_depth = 3;
  if (job.decode_depth >= k_max_decode_depth || *job.lang == Lang::bash) {
    return;
  }
  DecodeLimits limits;
  limits.max_depth = k_max_decode_depth - job.decode_depth;
  for (const auto& payload : decode_payloads(job.data, limits)) {
    Signal at = make_signal(
        job, payload.begin, "decoded-payload", capability::obfuscation, Risk::medium,
        "A constant decodes (" + payload.chain + ") to " + std::to_string(payload.text.size()) +
            " bytes of code, analysed as part of this file; code meant to be read is not shipped "
            "encoded.",
        {"decoded"});
    at.finding.snippet = at.finding.snippet.substr(0, 80);
    mark_position(job, payload.begin, payload.end, &at);
    FileJob inner = job;
    inner.data = payload.text;
    inner.lang = payload_language(payload.text, *job.lang);
    inner.decode_depth =
        job.decode_depth + 1 +
        static_cast<int>(std::count(payload.chain.begin(), payload.chain.end(), '>'));
    FileOutcome decoded = scan_file(rules, options, inner);
    out->signals.push_back(std::move(at));
    for (auto& s : decoded.signals) {
      place_on_literal(out->signals.back(), payload, &s);
    }
    for (auto& s : decoded.signals) {
      out->signals.push_back(std::move(s));
    }
  }
}

namespace {

// An `analysis-skipped` finding for the whole file: its behaviour is unknown.
void add_skipped(const FileJob& job, Risk risk, const std::string& message, FileOutcome* out) {
  out->signals.push_back(
      make_signal(job, 0, "analysis-skipped", capability::analysis, risk, message, {"skipped"}));
  out->signals.back().finding.snippet.clear();
}

Risk skipped_risk(const FileJob& job) {
  return job.install_time ? Risk::medium : Risk::low;
}

// Parses the file and runs the language's rule queries on it, falling back to regions when
// the parse or the queries go over the file's budget.
void parse_and_query(const QuerySet& set, const AnalyzerOptions& options, const FileJob& job,
                     std::vector<ByteRange>* deferred, FileOutcome* out) {
  bool timed_out = false;
  auto deadline = Clock::now() + std::chrono::microseconds(options.parse_timeout_us);
  std::string terminated;
  std::string_view text;
  auto parsed = parse_for_queries(*job.lang, job.data, options.parse_timeout_us, &terminated, &text,
                                  &timed_out);
  std::string error = parsed ? "" : parsed.error().str();
  TreePtr tree = parsed ? std::move(*parsed) : nullptr;
  if (!tree && timed_out) {
    fall_back_to_regions(set, options, job, error, {}, out);
    return;
  }
  if (!tree) {
    add_skipped(job, skipped_risk(job), "File not analysed: " + error + ".", out);
    return;
  }
  out->parsed = true;
  if (ts_node_has_error(ts_tree_root_node(tree.get()))) {
    if (uint32_t parts = longest_literal(tree.get(), text); parts > k_max_literal_parts) {
      tree.reset();
      fall_back_to_regions(set, options, job,
                           "a string literal of " + std::to_string(parts) +
                               " parts in code with a syntax error is too deep a tree for the "
                               "rule queries",
                           {}, out);
      return;
    }
  }
  bool exceeded = false;
  QueryBudget budget{deadline};
  std::vector<RuleMatch> matches = set.run(tree.get(), text, &exceeded, &budget);
  for (RuleMatch& m : matches) {  // nothing of the terminator is the file's
    m.end_byte = std::min(m.end_byte, static_cast<uint32_t>(job.data.size()));
    m.start_byte = std::min(m.start_byte, m.end_byte);
  }
  if (*job.lang != Lang::python && *job.lang != Lang::bash && !budget.timed_out) {
    *deferred = deferred_ranges(tree.get(), text);
  }
  tree.reset();  // the tree of a large file is several times its size: not kept any longer
  if (budget.timed_out) {
    fall_back_to_regions(set, options, job,
                         "parsing and the rule queries went over the file's " +
                             budget_text(options.parse_timeout_us) + " budget",
                         std::move(matches), out);
    return;
  }
  add_matches(job, matches, out);
  // When the pre-filter rules out every match (full-parse mode parsed the file anyway), no
  // match can be missing, so hitting the limit loses nothing worth a finding.
  if (exceeded && (!options.full_parse || set.lexical_gate(job.data))) {
    out->signals.push_back(make_signal(job, 0, "analysis-partial", capability::analysis, Risk::low,
                                       "Query match limit reached; some matches may be missing.",
                                       {}));
  }
}

// scan_file without the load-time marks; `deferred` gets the declarations loading the file does
// not run when the file was parsed whole (JavaScript and TypeScript).
FileOutcome scan_unmarked(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job,
                          std::vector<ByteRange>* deferred) {
  FileOutcome out;
  if (job.data.size() > options.max_file_bytes) {
    add_skipped(job, skipped_risk(job),
                "File not analysed: " + std::to_string(job.data.size()) + " bytes is over the " +
                    std::to_string(options.max_file_bytes) +
                    "-byte limit; its behaviour is unknown.",
                &out);
    return out;
  }
  lexical_signals(rules, job, &out);
  if (!job.lang) {
    return out;
  }
  payload_signals(rules, options, job, &out);
  const QuerySet* set = rules.query_set(*job.lang);
  if (set == nullptr && !rules.query_set_error(*job.lang).empty()) {
    // Only reachable with rules that failed to compile on first use; said, never hidden.
    add_skipped(job, Risk::medium,
                "File not analysed: the rules for its language do not compile: " +
                    rules.query_set_error(*job.lang),
                &out);
    return out;
  }
  if (set == nullptr || (!options.full_parse && !set->lexical_gate(job.data))) {
    return out;
  }
  if (job.package_deadline && Clock::now() > *job.package_deadline) {
    fall_back_to_regions(*set, options, job,
                         "the package's " + budget_text(options.package_budget_us) +
                             " analysis budget was spent on its other files",
                         {}, &out);
    return out;
  }
  parse_and_query(*set, options, job, deferred, &out);
  return out;
}

}  // namespace

FileOutcome scan_file(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job) {
  std::vector<ByteRange> deferred;
  FileOutcome out = scan_unmarked(rules, options, job, &deferred);
  mark_load_time(deferred, &out.signals);
  return out;
}

}  // namespace tarsier
