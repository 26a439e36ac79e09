// ASCII-only text helpers for configuration files, index pages and other untrusted text, where
// locale-dependent <cctype> behaviour is not wanted.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// `text` with 'A'-'Z' lowered; every other byte is kept as it is.
std::string ascii_lower(std::string_view text);

// The value of a hex digit ('0'-'9', 'a'-'f', 'A'-'F'), -1 for any other byte.
int hex_digit_value(char c);

}  // namespace tarsier
