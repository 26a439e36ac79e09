#include "analyzer/registry/pip_ini.h"

#include "analyzer/core/diagnostic.h"
#include "analyzer/util/ascii.h"

namespace tarsier {
namespace {

std::string normalize_key(std::string_view key) {
  std::string out = ascii_lower(trim_ini(key));
  while (out.rfind("--", 0) == 0) {
    out.erase(0, 2);
  }
  for (char& c : out) {
    if (c == '_') {
      c = '-';
    }
  }
  return out;
}

// "path:line:col" of an offset, the prefix of every warning about a file.
std::string location(const std::string& path, std::string_view text, size_t offset) {
  int line = 0;
  int column = 0;
  offset_to_line_col(text, offset, &line, &column);
  return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

std::string_view trim_ini(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

IniFile parse_pip_ini(std::string_view text, const std::string& path,
                      std::vector<std::string>* warnings) {
  IniFile file;
  std::string section;
  IniValue* current = nullptr;  // the value a continuation line extends
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    size_t line_start = pos;
    pos = end + 1;
    std::string_view stripped = trim_ini(line);
    size_t indent = line.find_first_not_of(" \t");
    if (stripped.empty()) {
      current = nullptr;
      continue;
    }
    if (stripped.front() == '#' || stripped.front() == ';') {
      continue;
    }
    if (indent > 0 && current) {
      current->value += '\n';
      current->value += stripped;
      continue;
    }
    current = nullptr;
    if (stripped.front() == '[') {
      size_t close = stripped.find(']');
      if (close == std::string_view::npos) {
        warnings->push_back(location(path, text, line_start + indent) +
                            ": expected ']' to close the section name");
        section.clear();
        continue;
      }
      section = ascii_lower(trim_ini(stripped.substr(1, close - 1)));
      continue;
    }
    size_t sep = stripped.find_first_of("=:");
    if (sep == std::string_view::npos || sep == 0) {
      warnings->push_back(location(path, text, line_start + indent) +
                          ": expected 'key = value' or a [section] header");
      continue;
    }
    if (section.empty()) {
      warnings->push_back(location(path, text, line_start + indent) +
                          ": expected a [section] header before the first 'key = value'");
      continue;
    }
    std::string_view raw_value = stripped.substr(sep + 1);
    size_t lead = raw_value.find_first_not_of(" \t");
    size_t value_offset =
        line_start + indent + sep + 1 + (lead == std::string_view::npos ? 0 : lead);
    IniValue& v = file[section][normalize_key(stripped.substr(0, sep))];
    v.value = std::string(trim_ini(raw_value));
    v.where = location(path, text, std::min(value_offset, text.size()));
    current = &v;
  }
  return file;
}

}  // namespace tarsier
