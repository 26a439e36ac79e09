#include "parsers/common/text.h"

#include <algorithm>

namespace tarsier {

std::string_view trim_space(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t' || text[begin] == '\r' ||
                         text[begin] == '\n')) {
    ++begin;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r' ||
                         text[end - 1] == '\n')) {
    --end;
  }
  return text.substr(begin, end - begin);
}

std::vector<std::string_view> split_view(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = text.find(separator, start);
    if (pos == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

Diagnostic diagnostic_at(const std::string& path, const LineIndex& lines, size_t offset,
                         std::string message) {
  Diagnostic diagnostic{path, 0, 0, std::move(message)};
  lines.position(offset, &diagnostic.line, &diagnostic.column);
  return diagnostic;
}

bool is_blank(std::string_view text) {
  // A UTF-8 byte order mark alone still counts as empty.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  return trim_space(text).empty();
}

std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, 200)) {
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  if (text.size() > 200) {
    out += "...";
  }
  out += '"';
  return out;
}

}  // namespace tarsier
