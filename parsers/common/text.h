// Text helpers shared by every lockfile format: fast offset -> line/column lookup, trimming and
// splitting without copies, and Diagnostic construction.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"

namespace tarsier {

// Line starts of a text, so each offset lookup is a binary search instead of a rescan (a
// lockfile has thousands of entries; offset_to_line_col is linear per call).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // 1-based line and byte column of `offset` (clamped to the text's end).
  void position(size_t offset, int* line, int* column) const;
  int line(size_t offset) const;

 private:
  std::vector<size_t> m_starts;
  size_t m_size = 0;
};

std::string_view trim_space(std::string_view text);

// Splits on `separator`, keeping empty pieces.
std::vector<std::string_view> split_view(std::string_view text, char separator);

// A diagnostic at `offset` of the text indexed by `lines`.
Diagnostic diagnostic_at(const std::string& path, const LineIndex& lines, size_t offset,
                         std::string message);

// True when the text holds nothing but whitespace (an empty lockfile is reported, not parsed).
bool is_blank(std::string_view text);

// "\"text\"" with control characters escaped, for quoting input in messages.
std::string quote_text(std::string_view text);

}  // namespace tarsier
