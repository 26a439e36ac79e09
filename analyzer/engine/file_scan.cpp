#include "analyzer/engine/file_scan.h"

#include <map>

#include "analyzer/core/capability.h"
#include "analyzer/engine/parse_session.h"

namespace tarsier {

namespace {
// A bundle can hold thousands of process.env reads; beyond this many per rule and file the
// findings add nothing for a reader.
constexpr int k_max_findings_per_rule = 20;
// Repeats beyond the report cap still take part in near:N threat windows, up to this many.
constexpr int k_max_signals_per_rule = 400;
}  // namespace

std::string snippet_at(std::string_view data, size_t offset) {
  offset = std::min(offset, data.size());
  size_t start = data.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = (start == std::string_view::npos || offset == 0) ? 0 : start + 1;
  size_t end = data.find('\n', offset);
  if (end == std::string_view::npos)
    end = data.size();
  if (end - start > 160) {
    size_t from = offset > start + 60 ? offset - 60 : start;
    start = from;
    end = std::min(end, from + 160);
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
  offset_to_line_col(job.data, offset, &s.finding.line, &s.finding.column);
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

FileOutcome scan_file(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job) {
  FileOutcome out;
  if (job.data.size() > options.max_file_bytes) {
    out.signals.push_back(make_signal(
        job, 0, "analysis-skipped", capability::analysis,
        job.install_time ? Risk::medium : Risk::low,
        "File not analysed: " + std::to_string(job.data.size()) + " bytes is over the " +
            std::to_string(options.max_file_bytes) + "-byte limit; its behaviour is unknown.",
        {"skipped"}));
    out.signals.back().finding.snippet.clear();
    return out;
  }
  lexical_signals(rules, job, &out);
  if (!job.lang) {
    return out;
  }
  const QuerySet* set = rules.query_set(*job.lang);
  if (set == nullptr || (!options.full_parse && !set->lexical_gate(job.data))) {
    return out;
  }
  std::string error;
  TreePtr tree = parse_source(*job.lang, job.data, options.parse_timeout_us, &error);
  if (!tree) {
    out.signals.push_back(make_signal(job, 0, "analysis-skipped", capability::analysis,
                                      job.install_time ? Risk::medium : Risk::low,
                                      "File not analysed: " + error + ".", {"skipped"}));
    out.signals.back().finding.snippet.clear();
    return out;
  }
  out.parsed = true;
  bool exceeded = false;
  std::map<const QueryRule*, int> per_rule;
  for (const auto& m : set->run(tree.get(), job.data, &exceeded)) {
    int& n = per_rule[m.rule];
    // Later occurrences of the same rule add no tags the first ones did not bring, but their
    // position matters to near:N threats, so they are kept as hidden signals.
    if (++n > k_max_signals_per_rule) {
      continue;
    }
    Signal s = make_signal(job, m.start_byte, m.rule->id, m.rule->capability, m.rule->severity,
                           m.rule->message, m.rule->tags);
    mark_position(job, m.start_byte, m.end_byte, &s);
    s.hidden = n > k_max_findings_per_rule;
    out.signals.push_back(std::move(s));
  }
  // When the pre-filter rules out every match (full-parse mode parsed the file anyway), no
  // match can be missing, so hitting the limit loses nothing worth a finding.
  if (exceeded && (!options.full_parse || set->lexical_gate(job.data))) {
    out.signals.push_back(make_signal(job, 0, "analysis-partial", capability::analysis, Risk::low,
                                      "Query match limit reached; some matches may be missing.",
                                      {}));
  }
  return out;
}

}  // namespace tarsier
