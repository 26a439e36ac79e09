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

Result<std::vector<RuleFile>> read_rule_files(const std::string& dir) {
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
      return make_error(ErrorKind::io, dir + ": cannot read rules directory: " + ec.message());
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        return make_error(ErrorKind::io, dir + ": " + ec.message());
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

namespace {

// Which header lines a rule has that may legitimately hold an empty value.
struct HeaderSeen {
  bool severity = false;
  bool needles = false;
  bool capability = false;
};

// One "; key: value" header line into `rule`; "" when it is fine, else what is wrong.
std::string read_header_line(const std::string& key, std::string_view value, QueryRule* rule,
                             HeaderSeen* seen) {
  if (key == "id") {
    rule->id = value;
  } else if (key == "languages") {
    for (const auto& name : split_list(value)) {
      auto lang = parse_lang(name);
      if (!lang) {
        return "unknown language '" + name +
               "' (expected javascript, typescript, tsx, python or bash)";
      }
      rule->languages.push_back(*lang);
    }
  } else if (key == "capability") {
    rule->capability = value;
    seen->capability = true;
    if (rule->capability == "-") {
      rule->capability.clear();  // a signal only: feeds threats, is not reported by itself
    } else if (!capability::is_known(rule->capability)) {
      return "unknown capability '" + rule->capability +
             "' (expected an id from analyzer/core/capability.h)";
    }
  } else if (key == "severity") {
    auto risk = parse_risk(value);
    if (!risk) {
      return "expected severity none, low, medium, high or critical";
    }
    rule->severity = *risk;
    seen->severity = true;
  } else if (key == "message") {
    rule->message += (rule->message.empty() ? "" : " ") + std::string(value);
  } else if (key == "tags") {
    rule->tags = split_list(value);
  } else if (key == "needles") {
    seen->needles = true;
    for (const auto& n : split_list(value)) {
      if (n == "*") {
        rule->always_parse = true;
      } else {
        rule->needles.push_back(n);
      }
    }
  } else if (key != "note" && key != "see") {
    return "unknown header key '" + key +
           "' (expected id, languages, capability, severity, tags, needles, message, note or "
           "see)";
  }
  return "";
}

// The header lines every rule needs, and its id equal to its file name; "" when complete.
std::string missing_header(const QueryRule& rule, const RuleFile& file, const HeaderSeen& seen) {
  if (rule.id.empty()) {
    return "expected a '; id:' header line";
  }
  std::string stem = file.path.substr(file.path.rfind('/') + 1);
  stem = stem.substr(0, stem.rfind('.'));
  if (stem != rule.id) {
    return "rule id '" + rule.id + "' must equal the file name '" + stem + "'";
  }
  if (rule.languages.empty()) {
    return "expected a '; languages:' header line";
  }
  if (!seen.capability) {
    return "expected a '; capability:' header line";
  }
  if (!seen.severity) {
    return "expected a '; severity:' header line";
  }
  if (rule.message.empty()) {
    return "expected a '; message:' header line";
  }
  if (!seen.needles) {
    return "expected a '; needles:' header line (use '*' when none applies)";
  }
  return "";
}

}  // namespace

std::optional<QueryRule> parse_query_rule(const RuleFile& file, Diagnostic* error) {
  QueryRule rule;
  rule.path = rule_display_path(file.path);
  rule.source = file.data;
  error->path = rule.path;
  HeaderSeen seen;
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
    std::string problem = read_header_line(key, strip_blanks(l.substr(colon + 1)), &rule, &seen);
    if (!problem.empty()) {
      return fail(static_cast<int>(line.find(key)) + 1, problem);
    }
  }
  line_no = 1;
  if (std::string problem = missing_header(rule, file, seen); !problem.empty()) {
    return fail(1, problem);
  }
  return rule;
}

}  // namespace tarsier
