#include "analyzer/engine/threats.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/core/capability.h"
#include "analyzer/engine/rule.h"

namespace tarsier {

namespace {

// A threat line failed at `column` (1-based) with `message`.
struct LineError {
  int column;
  std::string message;
};

// Reads the scope field into `def`: "file", "package", "near:N" or "before:N" (N bytes, 1..1 MB).
std::optional<LineError> parse_scope(const std::string& scope, const std::string& raw,
                                     ThreatDef& def) {
  int column = static_cast<int>(raw.find(scope)) + 1;
  def.before = scope.rfind("before:", 0) == 0;
  if (scope.rfind("near:", 0) == 0 || def.before) {
    std::string digits = scope.substr(scope.find(':') + 1);
    bool ok = !digits.empty() && digits.size() <= 7 &&
              digits.find_first_not_of("0123456789") == std::string::npos;
    def.window = ok ? std::stoul(digits) : 0;
    if (def.window == 0 || def.window > (1u << 20)) {
      return LineError{column, "expected " + scope.substr(0, scope.find(':')) +
                                   ":N with N a byte count from 1 to 1048576"};
    }
  } else if (scope != "file" && scope != "package") {
    return LineError{column, "expected scope 'file', 'package', 'near:N' or 'before:N'"};
  }
  def.package_scope = scope == "package";
  return std::nullopt;
}

// Reads the condition ("a|b & c", tags separated by '|' or blanks, groups by '&') into `def`.
std::optional<LineError> parse_condition(const std::string& rest, ThreatDef& def) {
  std::vector<std::string> group;
  std::string cur;
  auto flush_tag = [&] {
    if (!cur.empty()) {
      group.push_back(cur);
    }
    cur.clear();
  };
  for (char c : rest) {
    if (c == '&') {
      flush_tag();
      if (group.empty()) {
        return LineError{1, "empty condition group before '&'"};
      }
      def.condition.push_back(group);
      group.clear();
    } else if (c == '|' || c == ' ') {
      flush_tag();
    } else {
      cur += c;
    }
  }
  flush_tag();
  if (group.empty()) {
    return LineError{1, "expected a condition such as 'secret & net'"};
  }
  def.condition.push_back(group);
  return std::nullopt;
}

// One non-blank, non-comment line: `id severity scope capability condition | message`.
std::optional<LineError> parse_threat_line(const std::string& raw, std::string_view line,
                                           ThreatDef& def) {
  // The message follows the last " | "; the condition itself uses '|' between alternatives.
  auto bar = line.rfind(" | ");
  if (bar == std::string_view::npos) {
    return LineError{1, "expected 'id severity file|package capability condition | message'"};
  }
  def.message = std::string(strip_blanks(line.substr(bar + 3)));
  std::istringstream fields{std::string(line.substr(0, bar))};
  std::string severity, scope;
  fields >> def.id >> severity >> scope >> def.capability;
  auto risk = parse_risk(severity);
  if (def.id.empty() || !risk) {
    return LineError{static_cast<int>(raw.find(severity)) + 1,
                     "expected a severity (none, low, medium, high, critical) after the threat id"};
  }
  def.severity = *risk;
  if (auto e = parse_scope(scope, raw, def)) {
    return e;
  }
  if (!capability::is_known(def.capability)) {
    return LineError{static_cast<int>(raw.find(def.capability)) + 1,
                     "unknown capability '" + def.capability + "'"};
  }
  std::string rest, token;
  while (fields >> token) {
    rest += token + " ";
  }
  if (auto e = parse_condition(rest, def)) {
    return e;
  }
  if (def.message.empty()) {
    return LineError{static_cast<int>(bar) + 1, "expected a message after '|'"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<ThreatDef>> parse_threats(const std::string& path, std::string_view text,
                                                    Diagnostic* error) {
  std::vector<ThreatDef> out;
  std::istringstream in{std::string(text)};
  std::string raw;
  int line_no = 0;
  error->path = path;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string_view line = strip_blanks(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    ThreatDef def;
    def.line = line_no;
    if (auto e = parse_threat_line(raw, line, def)) {
      error->line = line_no;
      error->column = e->column;
      error->message = e->message;
      return std::nullopt;
    }
    out.push_back(std::move(def));
  }
  return out;
}

namespace {

// `absent_in` is where "!tag" looks: the whole file even when `tags` is one window, so a
// checksum anywhere in the file still counts.
bool satisfied(const ThreatDef& def, const std::set<std::string>& tags,
               const std::set<std::string>* absent_in = nullptr) {
  const std::set<std::string>& negated = absent_in != nullptr ? *absent_in : tags;
  for (const auto& group : def.condition) {
    bool any = false;
    for (const auto& tag : group) {
      // "!tag" holds when the tag is absent (e.g. a download verified by a checksum).
      any = any || (tag.front() == '!' ? negated.count(tag.substr(1)) == 0 : tags.count(tag) > 0);
    }
    if (!any) {
      return false;
    }
  }
  return true;
}

bool mentions(const ThreatDef& def, const std::string& tag) {
  for (const auto& group : def.condition) {
    if (std::find(group.begin(), group.end(), tag) != group.end()) {
      return true;
    }
  }
  return false;
}

// The rules whose tags make up the condition, each with the file and line of its first piece of
// evidence, for the threat's message: "js-fetch (install.js:12), js-fs-write (install.js:30)".
// The message is what every report format carries, so a reviewer can check each piece.
std::string evidence(const ThreatDef& def, const std::vector<const Signal*>& signals,
                     const Finding** first) {
  std::map<std::string, const Finding*> rules;
  *first = nullptr;
  for (const auto* s : signals) {
    for (const auto& tag : s->tags) {
      if (mentions(def, tag)) {
        rules.emplace(s->finding.rule, &s->finding);
        if (*first == nullptr) {
          *first = &s->finding;
        }
      }
    }
  }
  std::string out;
  for (const auto& [rule, f] : rules) {
    out += (out.empty() ? "" : ", ") + rule;
    if (!f->file.empty()) {
      out += " (" + f->file + (f->line > 0 ? ":" + std::to_string(f->line) : "") + ")";
    }
  }
  return out;
}

Finding make_threat_finding(const ThreatDef& def, const std::vector<const Signal*>& signals,
                            const std::string& file, bool install_time) {
  const Finding* first = nullptr;
  std::string because = evidence(def, signals, &first);
  Finding f;
  f.rule = "threat-" + def.id;
  f.capability = def.capability;
  f.severity = def.severity;
  f.message = def.message + " (evidence: " + because + ")";
  f.file = file;
  if (first != nullptr && first->file == file) {
    f.line = first->line;
    f.column = first->column;
    f.snippet = first->snippet;
  }
  f.install_time = install_time;
  return f;
}

bool mentions_any(const ThreatDef& def, const std::vector<std::string>& tags) {
  for (const auto& t : tags) {
    if (mentions(def, t)) {
      return true;
    }
  }
  return false;
}

// True when one of `tags` is in the condition's first group: the anchors of a before:N window.
bool leads(const ThreatDef& def, const std::vector<std::string>& tags) {
  const auto& first = def.condition.front();
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
    return std::find(first.begin(), first.end(), t) != first.end();
  });
}

// For a near:N threat: the signals of one window [p, p+N] that, with the file's whole-file
// signals, satisfy the condition; empty when no window does. Window starts are taken at the
// end of each positional signal (the optimal start is always one of them). For before:N, each
// window is the N bytes before a signal of the condition's first group, up to its end. Quadratic in
// the number of relevant positional signals, which the per-rule cap in file_scan keeps bounded.
std::vector<const Signal*> window_match(const ThreatDef& def,
                                        const std::vector<const Signal*>& list) {
  std::set<std::string> base, file_tags;
  std::vector<const Signal*> whole, positional;
  for (const auto* s : list) {
    file_tags.insert(s->tags.begin(), s->tags.end());
    if (s->finding.install_time) {
      base.insert("install");
      file_tags.insert("install");
    }
    if (s->whole_file) {
      base.insert(s->tags.begin(), s->tags.end());
      whole.push_back(s);
    } else if (mentions_any(def, s->tags)) {
      positional.push_back(s);
    }
  }
  if (!satisfied(def, file_tags)) {
    return {};
  }
  if (satisfied(def, base, &file_tags)) {
    return whole;  // whole-file evidence alone suffices
  }
  for (const auto* anchor : positional) {
    if (def.before && !leads(def, anchor->tags)) {
      continue;
    }
    // near:N: [end of the anchor, N bytes on]; before:N: [N bytes before the anchor, its end].
    size_t from = def.before ? anchor->begin - std::min(anchor->begin, def.window) : anchor->end;
    size_t to = def.before ? anchor->end : from + def.window;
    std::set<std::string> tags = base;
    std::vector<const Signal*> in_window = whole;
    for (const auto* s : positional) {
      bool inside =
          def.before ? s->begin >= from && s->begin <= to : s->begin <= to && s->end >= from;
      if (inside) {
        tags.insert(s->tags.begin(), s->tags.end());
        in_window.push_back(s);
      }
    }
    if (satisfied(def, tags, &file_tags)) {
      std::stable_sort(in_window.begin(), in_window.end(), [](const Signal* a, const Signal* b) {
        return !a->whole_file && (b->whole_file || a->begin < b->begin);
      });
      return in_window;
    }
  }
  return {};
}

using FileSignals = std::map<std::string, std::vector<const Signal*>>;

// The tags of `list`, plus "install" for signals that run at install; with `install_only`,
// only install-time and package-level signals count.
std::set<std::string> tags_of(const std::vector<const Signal*>& list, bool install_only) {
  std::set<std::string> tags;
  for (const auto* s : list) {
    bool package_level = s->finding.file.empty();
    if (install_only && !s->finding.install_time && !package_level) {
      continue;
    }
    tags.insert(s->tags.begin(), s->tags.end());
    if (s->finding.install_time) {
      tags.insert("install");
    }
  }
  return tags;
}

bool any_install_time(const std::vector<const Signal*>& list) {
  return std::any_of(list.begin(), list.end(),
                     [](const Signal* s) { return s->finding.install_time; });
}

// A package-scope threat: the signals of the whole package (install-time ones only when the
// condition mentions "install").
bool match_package(const ThreatDef& def, const std::vector<Signal>& signals, ThreatResult& result) {
  bool install_only = mentions(def, "install");
  std::vector<const Signal*> all;
  for (const auto& s : signals) {
    if (!install_only || s.finding.install_time || s.finding.file.empty()) {
      all.push_back(&s);
    }
  }
  if (!satisfied(def, tags_of(all, install_only))) {
    return false;
  }
  result.threat_findings.push_back(make_threat_finding(def, all, "", install_only));
  return true;
}

// A file-scope threat: each file's signals, or those within the threat's window.
bool match_files(const ThreatDef& def, const FileSignals& by_file, ThreatResult& result) {
  bool matched = false;
  for (const auto& [file, list] : by_file) {
    if (file.empty()) {
      continue;
    }
    std::vector<const Signal*> evidence;
    if (def.window > 0) {
      evidence = window_match(def, list);
    } else if (satisfied(def, tags_of(list, false))) {
      evidence = list;
    }
    if (!evidence.empty()) {
      result.threat_findings.push_back(
          make_threat_finding(def, evidence, file, any_install_time(list)));
      matched = true;
    }
  }
  return matched;
}

// Several variants of one threat may fire; keeps the most severe per (id, file).
void keep_most_severe(ThreatResult& result) {
  std::map<std::pair<std::string, std::string>, Finding> best;
  for (auto& f : result.threat_findings) {
    auto key = std::make_pair(f.rule, f.file);
    auto it = best.find(key);
    if (it == best.end() || it->second.severity < f.severity) {
      best[key] = f;
    }
  }
  result.threat_findings.clear();
  for (auto& [key, f] : best) {
    result.risk = std::max(result.risk, f.severity);
    result.threat_findings.push_back(std::move(f));
  }
}

}  // namespace

ThreatResult correlate(const std::vector<ThreatDef>& defs, const std::vector<Signal>& signals,
                       const std::vector<Finding>& extra) {
  ThreatResult result;
  FileSignals by_file;
  for (const auto& s : signals) {
    by_file[s.finding.file].push_back(&s);
  }
  std::set<std::string> threat_ids;
  for (const auto& def : defs) {
    bool matched =
        def.package_scope ? match_package(def, signals, result) : match_files(def, by_file, result);
    if (matched) {
      threat_ids.insert(def.id);
    }
  }
  keep_most_severe(result);
  result.threats.assign(threat_ids.begin(), threat_ids.end());
  for (const auto& s : signals) {
    result.risk = std::max(result.risk, std::min(s.finding.severity, k_capability_cap));
  }
  for (const auto& f : extra) {
    result.risk = std::max(result.risk, f.severity);
  }
  return result;
}

}  // namespace tarsier
