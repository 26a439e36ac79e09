// Standard base64 (RFC 4648, '+' and '/', '=' padding) for SRI digests and npm credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tarsier {

// Encodes bytes with padding and no line breaks.
std::string base64_encode(std::string_view bytes);

// Decodes padded or unpadded base64; nullopt on any character outside the alphabet or a bad
// length. Surrounding whitespace is not accepted (callers trim).
std::optional<std::string> base64_decode(std::string_view text);

// Lower-case hex of raw bytes, and its inverse (nullopt on odd length or a non-hex digit).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace tarsier
