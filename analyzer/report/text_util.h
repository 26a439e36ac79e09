// Small text helpers shared by the report writers: untrusted package text (messages, snippets,
// file names) is reduced to one printable line of bounded length before it is shown.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// One line: control characters (newlines, tabs, escapes) become spaces, runs of spaces
// collapse, and text longer than `max_bytes` is cut at a UTF-8 boundary and ends with "...".
std::string one_line(std::string_view text, size_t max_bytes);

// `text` padded with spaces to `width` bytes, plus at least one space.
std::string pad(std::string text, size_t width);

}  // namespace tarsier
