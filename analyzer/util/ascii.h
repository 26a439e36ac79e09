// ASCII-only text helpers for configuration files, index pages and other untrusted text, where
// locale-dependent <cctype> behaviour is not wanted.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// `text` with 'A'-'Z' lowered; every other byte is kept as it is.
std::string ascii_lower(std::string_view text);

// The line of `text` starting at `*start`, without its ending, which may be "\n", "\r\n" or a
// lone "\r" (old Mac files: a lockfile written that way is still read line by line); `*start`
// moves past the ending.
std::string_view next_line(std::string_view text, size_t* start);

// The value of a hex digit ('0'-'9', 'a'-'f', 'A'-'F'), -1 for any other byte.
int hex_digit_value(char c);

}  // namespace tarsier
