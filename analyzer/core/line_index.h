// Line starts of a text, so each offset lookup is a binary search instead of a rescan
// (offset_to_line_col is linear per call: a lockfile has thousands of entries, a bundle hundreds
// of findings).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace tarsier {

enum class LineBreaks {
  any,      // "\n", "\r\n" and a lone "\r" (old Mac line endings): lockfiles and manifests
  lf_only,  // "\n" alone, as offset_to_line_col and tree-sitter count: code
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text, LineBreaks breaks = LineBreaks::any);
  // 1-based line and byte column of `offset` (clamped to the text's end).
  void position(size_t offset, int* line, int* column) const;
  int line(size_t offset) const;
  // True when the index was built from exactly this text (the same bytes in memory).
  bool covers(std::string_view text) const {
    return text.data() == m_data && text.size() == m_size;
  }

 private:
  std::vector<size_t> m_starts;
  const char* m_data = nullptr;
  size_t m_size = 0;
};

}  // namespace tarsier
