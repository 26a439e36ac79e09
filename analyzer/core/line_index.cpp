#include "analyzer/core/line_index.h"

#include <algorithm>
#include <cstring>

namespace tarsier {

LineIndex::LineIndex(std::string_view text, LineBreaks breaks)
    : m_data(text.data()), m_size(text.size()) {
  m_starts.push_back(0);
  if (breaks == LineBreaks::lf_only) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    for (const char* p = begin; p < end;) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (nl == nullptr) {
        break;
      }
      p = static_cast<const char*>(nl) + 1;
      m_starts.push_back(static_cast<size_t>(p - begin));
    }
    return;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      m_starts.push_back(i + 1);
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

}  // namespace tarsier
