// HMAC-SHA256 (RFC 2104) through OpenSSL, for signing webhook payloads.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace tarsier
