// ASCII-only text helpers for configuration files, index pages and other untrusted text, where
// locale-dependent <cctype> behaviour is not wanted.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// `text` with 'A'-'Z' lowered; every other byte is kept as it is.
std::string ascii_lower(std::string_view text);

}  // namespace tarsier
