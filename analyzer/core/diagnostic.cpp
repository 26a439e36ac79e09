#include "analyzer/core/diagnostic.h"

#include <string_view>

namespace tarsier {

std::string Diagnostic::str() const {
  std::string out = path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
  }
  out += ": " + message;
  return out;
}

void offset_to_line_col(std::string_view text, size_t offset, int* line, int* column) {
  if (offset > text.size()) {
    offset = text.size();
  }
  int l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++l;
      line_start = i + 1;
    }
  }
  *line = l;
  *column = static_cast<int>(offset - line_start) + 1;
}

}  // namespace tarsier
