// An input error with a location: "path:line:col: message".
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

struct Diagnostic {
  std::string path;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string message;

  // "path:line:col: message", leaving out the parts that are unknown.
  std::string str() const;
};

// Converts a byte offset into 1-based line and column numbers.
void offset_to_line_col(std::string_view text, size_t offset, int* line, int* column);

}  // namespace tarsier
