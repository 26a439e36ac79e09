#include "analyzer/engine/rule.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/core/capability.h"
#include "analyzer/engine/embedded_rules.h"

namespace tarsier {

std::string_view strip_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\r') {
      if (!cur.empty()) {
        out.push_back(cur);
      }
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) {
    out.push_back(cur);
  }
  return out;
}

std::string rule_display_path(const std::string& relative) {
  return "rules/" + relative;
}

std::optional<std::vector<RuleFile>> read_rule_files(const std::string& dir, std::string* error) {
  std::vector<RuleFile> files;
  if (dir.empty()) {
    for (const auto& f : embedded_rules()) {
      files.push_back({std::string(f.path), std::string(f.data)});
    }
  } else {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    if (ec) {
      *error = dir + ": cannot read rules directory: " + ec.message();
      return std::nullopt;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        *error = dir + ": " + ec.message();
        return std::nullopt;
      }
      if (!it->is_regular_file()) {
        continue;
      }
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream body;
      body << in.rdbuf();
      files.push_back({fs::relative(it->path(), dir).generic_string(), body.str()});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const RuleFile& a, const RuleFile& b) { return a.path < b.path; });
  return files;
}

std::optional<QueryRule> parse_query_rule(const RuleFile& file, Diagnostic* error) {
  QueryRule rule;
  rule.path = rule_display_path(file.path);
  rule.source = file.data;
  error->path = rule.path;
  bool has_severity = false;
  bool has_needles = false;
  bool has_capability = false;
  int line_no = 0;
  std::istringstream in(file.data);
  std::string line;
  auto fail = [&](int col, const std::string& message) {
    error->line = line_no;
    error->column = col;
    error->message = message;
    return std::nullopt;
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = strip_blanks(line);
    if (l.empty()) {
      continue;
    }
    if (l.front() != ';') {
      break;  // the query starts; the header is over
    }
    l.remove_prefix(1);
    l = strip_blanks(l);
    auto colon = l.find(':');
    if (colon == std::string_view::npos) {
      continue;  // an ordinary comment
    }
    std::string key(strip_blanks(l.substr(0, colon)));
    std::string_view value = strip_blanks(l.substr(colon + 1));
    int col = static_cast<int>(line.find(key)) + 1;
    if (key == "id") {
      rule.id = value;
    } else if (key == "languages") {
      for (const auto& name : split_list(value)) {
        auto lang = parse_lang(name);
        if (!lang) {
          return fail(col, "unknown language '" + name +
                               "' (expected javascript, typescript, tsx, python or bash)");
        }
        rule.languages.push_back(*lang);
      }
    } else if (key == "capability") {
      rule.capability = value;
      has_capability = true;
      if (rule.capability == "-") {
        rule.capability.clear();  // a signal only: feeds threats, is not reported by itself
      } else if (!capability::is_known(rule.capability)) {
        return fail(col, "unknown capability '" + rule.capability +
                             "' (expected an id from analyzer/core/capability.h)");
      }
    } else if (key == "severity") {
      auto risk = parse_risk(value);
      if (!risk) {
        return fail(col, "expected severity none, low, medium, high or critical");
      }
      rule.severity = *risk;
      has_severity = true;
    } else if (key == "message") {
      rule.message += (rule.message.empty() ? "" : " ") + std::string(value);
    } else if (key == "tags") {
      rule.tags = split_list(value);
    } else if (key == "needles") {
      has_needles = true;
      for (const auto& n : split_list(value)) {
        if (n == "*") {
          rule.always_parse = true;
        } else {
          rule.needles.push_back(n);
        }
      }
    } else if (key != "note" && key != "see") {
      return fail(col, "unknown header key '" + key +
                           "' (expected id, languages, capability, severity, tags, needles, "
                           "message, note or see)");
    }
  }
  line_no = 1;
  if (rule.id.empty()) {
    return fail(1, "expected a '; id:' header line");
  }
  std::string stem = file.path.substr(file.path.rfind('/') + 1);
  stem = stem.substr(0, stem.rfind('.'));
  if (stem != rule.id) {
    return fail(1, "rule id '" + rule.id + "' must equal the file name '" + stem + "'");
  }
  if (rule.languages.empty()) {
    return fail(1, "expected a '; languages:' header line");
  }
  if (!has_capability) {
    return fail(1, "expected a '; capability:' header line");
  }
  if (!has_severity) {
    return fail(1, "expected a '; severity:' header line");
  }
  if (rule.message.empty()) {
    return fail(1, "expected a '; message:' header line");
  }
  if (!has_needles) {
    return fail(1, "expected a '; needles:' header line (use '*' when none applies)");
  }
  return rule;
}

}  // namespace tarsier
