#include "parsers/common/text.h"

#include <algorithm>

namespace tarsier {

LineIndex::LineIndex(std::string_view text) : m_size(text.size()) {
  m_starts.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      m_starts.push_back(i + 1);  // "\n", "\r\n" or a lone "\r" (old Mac line endings)
    }
  }
}

void LineIndex::position(size_t offset, int* line, int* column) const {
  offset = std::min(offset, m_size);
  auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  size_t index = static_cast<size_t>(it - m_starts.begin()) - 1;
  *line = static_cast<int>(index) + 1;
  *column = static_cast<int>(offset - m_starts[index]) + 1;
}

int LineIndex::line(size_t offset) const {
  int line = 0;
  int column = 0;
  position(offset, &line, &column);
  return line;
}

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
