#include "analyzer/engine/ruleset.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "analyzer/core/finding_ids.h"
#include "analyzer/engine/finding_ids.h"

namespace tarsier {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string base_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

std::vector<DataEntry> parse_data(std::string_view text) {
  std::vector<DataEntry> out;
  std::istringstream in{std::string(text)};
  std::string raw;
  while (std::getline(in, raw)) {
    std::string_view line = strip_blanks(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    auto space = line.find_first_of(" \t");
    if (space == std::string_view::npos) {
      out.push_back({"", std::string(line)});
    } else {
      out.push_back(
          {std::string(line.substr(0, space)), std::string(strip_blanks(line.substr(space)))});
    }
  }
  return out;
}

// FNV-1a over paths and contents; enough to notice any change to the rules.
std::string digest(const std::vector<RuleFile>& files) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h = (h ^ c) * 1099511628211ull;
    }
  };
  for (const auto& f : files) {
    mix(f.path);
    mix(f.data);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Result<void> parse_text_patterns(const RuleFile& file, std::vector<TextPattern>* out) {
  std::istringstream in(file.data);
  std::string raw;
  int line_no = 0;
  std::string path = rule_display_path(file.path);
  while (std::getline(in, raw)) {
    ++line_no;
    std::string_view line = strip_blanks(raw);
    if (line.empty() || line.front() == '#')
      continue;
    std::vector<std::string> fields;
    size_t pos = 0;
    while (fields.size() < 5) {
      size_t bar = line.find(" | ", pos);
      if (bar == std::string_view::npos)
        break;
      fields.emplace_back(strip_blanks(line.substr(pos, bar - pos)));
      pos = bar + 3;
    }
    auto fail = [&](int col, const std::string& m) -> Result<void> {
      return Error{ErrorKind::invalid, Diagnostic{path, line_no, col, m}};
    };
    if (fields.size() < 5) {
      return fail(1, "expected 'id | capability | severity | tags | message | regex'");
    }
    TextPattern p;
    p.id = fields[0];
    p.capability = fields[1] == "-" ? "" : fields[1];  // "-": a signal for threats only
    auto risk = parse_risk(fields[2]);
    if (!risk)
      return fail(static_cast<int>(raw.find(fields[2])) + 1, "expected a severity");
    p.severity = *risk;
    p.tags = split_list(fields[3]);
    p.message = fields[4];
    RE2::Options options;
    options.set_log_errors(false);
    std::string pattern(strip_blanks(line.substr(pos)));
    p.regex = std::make_shared<RE2>(pattern, options);
    if (!p.regex->ok()) {
      return fail(static_cast<int>(pos) + 1, "bad regular expression: " + p.regex->error());
    }
    out->push_back(std::move(p));
  }
  return {};
}

}  // namespace

const QueryRule* RuleSet::find_rule(const std::string& id) const {
  for (const auto& r : m_rules) {
    if (r->id == id) {
      return r.get();
    }
  }
  return nullptr;
}

const std::vector<DataEntry>& RuleSet::data(const std::string& name) const {
  static const std::vector<DataEntry> k_empty;
  auto it = m_data.find(name);
  return it == m_data.end() ? k_empty : it->second;
}

Result<std::string> RuleSet::version_of(const std::string& dir) {
  auto files = read_rule_files(dir);
  if (!files) {
    return files.error();
  }
  return digest(*files);
}

Result<std::vector<std::string>> finding_ids(const std::string& dir) {
  auto files = read_rule_files(dir);
  if (!files) {
    return files.error();
  }
  std::vector<std::string> ids(k_built_in_finding_ids.begin(), k_built_in_finding_ids.end());
  for (const auto& file : *files) {
    std::string name = base_name(file.path);
    if (ends_with(name, ".scm") && name.find(".test.") == std::string::npos) {
      ids.push_back(name.substr(0, name.size() - 4));  // a rule file is named after its id
    } else if (file.path == "threats.txt") {
      Diagnostic d;
      auto threats = parse_threats(rule_display_path(file.path), file.data, &d);
      if (!threats) {
        return Error{ErrorKind::invalid, d};
      }
      for (const auto& threat : *threats) {
        ids.push_back("threat-" + threat.id);
      }
    } else if (file.path == "data/text-patterns.txt") {
      std::vector<TextPattern> patterns;
      if (auto parsed = parse_text_patterns(file, &patterns); !parsed) {
        return parsed.error();
      }
      for (const auto& pattern : patterns) {
        ids.push_back(pattern.id);
      }
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

namespace {

// The sensitive paths as one regex alternation, each also with backslash separators, plain and
// escaped (as written in Windows paths and in string literals).
std::string sensitive_path_alternatives(const std::vector<DataEntry>& entries) {
  std::string paths;
  for (const auto& e : entries) {
    std::string bs, bs2;
    for (char c : e.value) {
      bs += c == '/' ? '\\' : c;
      bs2 += c == '/' ? std::string("\\\\") : std::string(1, c);
    }
    for (const auto& v : {e.value, bs, bs2}) {
      paths += (paths.empty() ? "" : "|") + RE2::QuoteMeta(v);
    }
  }
  return paths;
}

}  // namespace

Result<std::unique_ptr<RuleSet>> RuleSet::load(const std::string& dir, bool lazy) {
  auto files = read_rule_files(dir);
  if (!files) {
    return files.error();
  }
  std::unique_ptr<RuleSet> set(new RuleSet());
  set->m_version = digest(*files);
  std::set<std::string> ids;
  for (const auto& file : *files) {
    std::string name = base_name(file.path);
    if (name.find(".test.") != std::string::npos) {
      set->m_tests[name.substr(0, name.find(".test."))].push_back(file);
      continue;
    }
    if (ends_with(name, ".scm")) {
      Diagnostic d;
      auto rule = parse_query_rule(file, &d);
      if (!rule) {
        return Error{ErrorKind::invalid, d};
      }
      if (!ids.insert(rule->id).second) {
        return make_error(ErrorKind::invalid, rule->path, 1, 1,
                          "duplicate rule id '" + rule->id + "'");
      }
      set->m_rules.push_back(std::make_unique<QueryRule>(std::move(*rule)));
    } else if (file.path == "threats.txt") {
      Diagnostic d;
      auto threats = parse_threats(rule_display_path(file.path), file.data, &d);
      if (!threats) {
        return Error{ErrorKind::invalid, d};
      }
      set->m_threats = std::move(*threats);
    } else if (file.path == "data/text-patterns.txt") {
      if (auto parsed = parse_text_patterns(file, &set->m_text_patterns); !parsed) {
        return parsed.error();
      }
    } else if (file.path.rfind("data/", 0) == 0 && ends_with(name, ".txt")) {
      set->m_data[name.substr(0, name.size() - 4)] = parse_data(file.data);
    }
  }
  RE2::Options options;
  options.set_max_mem(32 << 20);
  options.set_log_errors(false);
  set->m_text_set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& p : set->m_text_patterns) {
    set->m_text_set->Add(p.regex->pattern(), nullptr);
  }
  set->m_text_set->Compile();
  std::string paths = sensitive_path_alternatives(set->data("sensitive-paths"));
  set->m_path_regex = std::make_unique<RE2>(
      "(" + (paths.empty() ? std::string("[^\\s\\S]") : paths) + ")", options);
  for (const auto& r : set->m_rules) {
    for (Lang lang : r->languages) {
      set->m_langs[static_cast<int>(lang)].rules.push_back(r.get());
    }
  }
  if (!lazy) {
    if (auto compiled = set->compile_all(); !compiled) {
      return compiled.error();
    }
  }
  return set;
}

const QuerySet* RuleSet::query_set(Lang lang) const {
  LangQueries& q = m_langs[static_cast<int>(lang)];
  if (q.rules.empty()) {
    return nullptr;
  }
  std::call_once(q.once, [&] {
    Diagnostic d;
    q.set = QuerySet::build(lang, q.rules, &d);
    if (!q.set) {
      q.error = d.str();
    }
  });
  return q.set.get();
}

const std::string& RuleSet::query_set_error(Lang lang) const {
  query_set(lang);
  return m_langs[static_cast<int>(lang)].error;
}

Result<void> RuleSet::compile_all() const {
  for (int l = 0; l < k_lang_count; ++l) {
    if (query_set(static_cast<Lang>(l)) == nullptr && !m_langs[l].error.empty()) {
      return make_error(ErrorKind::invalid, m_langs[l].error);
    }
  }
  return {};
}

}  // namespace tarsier
