// Text helpers shared by every lockfile format (line lookup: analyzer/core/line_index.h): trimming
// and splitting without copies, and Diagnostic construction.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/line_index.h"

namespace tarsier {

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
