#include "analyzer/registry/npmrc.h"

#include <cstdlib>

namespace tarsier {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

// A "double-quoted" value with JSON-style escapes, as npm's ini reader JSON.parses it.
std::string unquote_double(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      switch (n) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        default:
          out += n;
      }
    } else {
      out += c;
    }
  }
  return out;
}

// ini's unsafe(): quoted values are taken verbatim; unquoted ones end at an unescaped ';' or
// '#', and "\;" / "\#" stand for the character itself.
std::string ini_value(std::string_view raw) {
  raw = trim(raw);
  if (raw.size() >= 2 &&
      ((raw.front() == '"' && raw.back() == '"') || (raw.front() == '\'' && raw.back() == '\''))) {
    std::string_view inner = raw.substr(1, raw.size() - 2);
    return raw.front() == '"' ? unquote_double(inner) : std::string(inner);
  }
  std::string out;
  bool escaped = false;
  for (char c : raw) {
    if (escaped) {
      if (c != '\\' && c != ';' && c != '#') {
        out += '\\';
      }
      out += c;
      escaped = false;
    } else if (c == ';' || c == '#') {
      break;
    } else if (c == '\\') {
      escaped = true;
    } else {
      out += c;
    }
  }
  if (escaped) {
    out += '\\';
  }
  return std::string(trim(out));
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) {
    return std::nullopt;
  }
  return std::string(v);
}

std::string expand_npmrc_env(std::string_view text, const EnvLookup& env) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find("${", i);
    if (dollar == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    size_t close = text.find('}', dollar + 2);
    std::string_view name = close == std::string_view::npos
                                ? std::string_view()
                                : text.substr(dollar + 2, close - dollar - 2);
    if (name.empty() || name.find_first_of("${") != std::string_view::npos) {
      out.append(text.substr(i, dollar + 2 - i));
      i = dollar + 2;
      continue;
    }
    // Backslashes right before '$': pairs stay as single backslashes, an odd one escapes.
    size_t slashes = 0;
    while (dollar - slashes > i && text[dollar - slashes - 1] == '\\') {
      ++slashes;
    }
    out.append(text.substr(i, dollar - slashes - i));
    out.append(slashes / 2, '\\');
    if (slashes % 2 == 1) {
      out.append(text.substr(dollar, close + 1 - dollar));
    } else {
      bool optional = name.back() == '?';
      std::string key(optional ? name.substr(0, name.size() - 1) : name);
      auto value = env ? env(key) : std::nullopt;
      if (value) {
        out += *value;
      } else if (!optional) {
        out.append(text.substr(dollar, close + 1 - dollar));
      }
    }
    i = close + 1;
  }
  return out;
}

std::vector<NpmrcEntry> parse_npmrc(std::string_view text, const EnvLookup& env) {
  std::vector<NpmrcEntry> entries;
  bool in_section = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view content = trim(line);
    if (content.empty() || content.front() == ';' || content.front() == '#') {
      continue;
    }
    if (content.front() == '[') {
      // npm reads no settings from sections; keys inside them are not top-level config.
      in_section = true;
      continue;
    }
    if (in_section) {
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      continue;  // a bare key is a boolean flag; none of them matter here
    }
    std::string key = ini_value(line.substr(0, eq));
    if (key.empty() || key.ends_with("[]")) {
      continue;
    }
    std::string_view raw_value = line.substr(eq + 1);
    size_t lead = 0;
    while (lead < raw_value.size() && is_blank(raw_value[lead])) {
      ++lead;
    }
    NpmrcEntry entry;
    entry.key = expand_npmrc_env(key, env);
    entry.value = expand_npmrc_env(ini_value(raw_value), env);
    entry.line = line_no;
    entry.column = static_cast<int>(eq + 1 + lead + 1);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace tarsier
