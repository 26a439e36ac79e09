#include "analyzer/engine/rule_test.h"

#include <map>
#include <set>
#include <sstream>

#include "analyzer/engine/parse_session.h"

namespace tarsier {

namespace {

std::optional<Lang> lang_for_test(const std::string& path) {
  auto dot = path.rfind(".test.");
  if (dot == std::string::npos)
    return std::nullopt;
  std::string ext = path.substr(dot + 6);
  if (ext == "js" || ext == "cjs" || ext == "mjs" || ext == "jsx")
    return Lang::javascript;
  if (ext == "ts")
    return Lang::typescript;
  if (ext == "tsx")
    return Lang::tsx;
  if (ext == "py")
    return Lang::python;
  if (ext == "sh")
    return Lang::bash;
  return std::nullopt;
}

struct Annotations {
  std::set<int> expected;  // lines where the rule must report
  std::set<int> ok;        // lines where it must not
  std::vector<std::string> unknown;
};

// Parses `// ruleid: x` / `// ok: x` annotations for rule `id`; an annotation applies to the
// next line that is not itself an annotation.
Annotations annotations(const std::vector<std::string>& lines, std::string_view comment,
                        const std::string& id, const RuleSet& rules, const std::string& path) {
  Annotations a;
  std::vector<std::pair<bool, int>> pending;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = strip_blanks(lines[i]);
    int line_no = static_cast<int>(i) + 1;
    bool is_note = false;
    for (std::string_view kind : {"ruleid:", "ok:"}) {
      std::string prefix = std::string(comment) + " " + std::string(kind);
      if (l.rfind(prefix, 0) == 0) {
        std::string named(strip_blanks(l.substr(prefix.size())));
        if (rules.find_rule(named) == nullptr) {
          a.unknown.push_back(path + ":" + std::to_string(line_no) +
                              ": annotation names unknown rule '" + named + "'");
        }
        if (named == id)
          pending.push_back({kind == "ruleid:", line_no});
        is_note = true;
      }
    }
    if (is_note || l.empty())
      continue;
    for (auto [positive, at] : pending) {
      (positive ? a.expected : a.ok).insert(line_no);
      (void)at;
    }
    pending.clear();
  }
  return a;
}

std::set<int> finding_lines(const QuerySet& set, const QueryRule* rule, std::string_view text,
                            std::string* error) {
  std::set<int> out;
  std::string terminated;
  std::string_view parsed;
  auto tree = parse_for_queries(set.lang(), text, 5'000'000, &terminated, &parsed);
  if (!tree) {
    *error = tree.error().str();
    return out;
  }
  for (const auto& m : set.run(tree->get(), parsed)) {
    if (m.rule == rule)
      out.insert(static_cast<int>(m.start.row) + 1);
  }
  return out;
}

void test_file(const RuleSet& rules, const QueryRule* rule, const RuleFile& file,
               RuleTestResult* result) {
  std::string path = rule_display_path(file.path);
  auto lang = lang_for_test(file.path);
  if (!lang) {
    result->failures.push_back(path + ": unknown test file extension");
    return;
  }
  const QuerySet* set = rules.query_set(*lang);
  bool listed = false;
  for (Lang l : rule->languages)
    listed = listed || l == *lang;
  if (set == nullptr || !listed) {
    result->failures.push_back(path + ": the rule does not apply to " +
                               std::string(lang_name(*lang)));
    return;
  }
  std::vector<std::string> lines;
  std::istringstream in(file.data);
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  Annotations a = annotations(lines, comment_prefix(*lang), rule->id, rules, path);
  for (const auto& u : a.unknown)
    result->failures.push_back(u);
  std::string error;
  std::set<int> found = finding_lines(*set, rule, file.data, &error);
  if (!error.empty()) {
    result->failures.push_back(path + ": " + error);
    return;
  }
  result->positive += static_cast<int>(a.expected.size());
  result->negative += static_cast<int>(a.ok.size());
  for (int line : a.expected) {
    if (!found.count(line)) {
      result->failures.push_back(
          path + ":" + std::to_string(line) + ": missing: no " + rule->id +
          " finding on a line marked ruleid: " + std::string(strip_blanks(lines[line - 1])));
    }
  }
  for (int line : found) {
    if (!a.expected.count(line)) {
      result->failures.push_back(
          path + ":" + std::to_string(line) + ": noisy: " + rule->id +
          " reports on a line not marked ruleid: " + std::string(strip_blanks(lines[line - 1])));
    }
  }
  // Each positive case alone: its paragraph must pass the pre-filter and still match.
  for (int line : a.expected) {
    int from = line, to = line;
    while (from > 1 && !strip_blanks(lines[from - 2]).empty())
      --from;
    while (to < static_cast<int>(lines.size()) && !strip_blanks(lines[to]).empty())
      ++to;
    std::string paragraph(static_cast<size_t>(std::max(0, from - 1)), '\n');
    for (int k = from; k <= to; ++k)
      paragraph += lines[k - 1] + "\n";
    if (!set->lexical_gate(paragraph)) {
      result->failures.push_back(path + ":" + std::to_string(line) +
                                 ": pre-filter: the case alone would not be parsed (add a needle)");
      continue;
    }
    std::string perr;
    if (!finding_lines(*set, rule, paragraph, &perr).count(line)) {
      result->failures.push_back(path + ":" + std::to_string(line) +
                                 ": missing when the case's paragraph is analysed alone");
    }
  }
}

}  // namespace

std::vector<RuleTestResult> run_rule_tests(const RuleSet& rules, const std::string& only_id) {
  std::vector<RuleTestResult> out;
  if (!only_id.empty() && rules.find_rule(only_id) == nullptr) {
    out.push_back({only_id, 0, 0, {"no rule with id '" + only_id + "'"}});
    return out;
  }
  for (const auto& rule : rules.rules()) {
    if (!only_id.empty() && rule->id != only_id)
      continue;
    RuleTestResult result{rule->id, 0, 0, {}};
    auto it = rules.test_files().find(rule->id);
    if (it == rules.test_files().end()) {
      result.failures.push_back(rule->path + ": no test file (expected " + rule->id +
                                ".test.<ext>)");
    } else {
      for (const auto& file : it->second)
        test_file(rules, rule.get(), file, &result);
      if (result.positive == 0)
        result.failures.push_back(rule->path + ": no ruleid case");
      if (result.negative == 0)
        result.failures.push_back(rule->path + ": no ok case");
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace tarsier
