// Subresource Integrity strings ("sha512-<base64>", "sha1-<base64>", several separated by
// spaces) and hex digests ("sha256:<hex>"), computed with OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

enum class IntegrityCheck { match, mismatch, unsupported };

// Verifies `bytes` against an SRI string; the strongest supported algorithm present decides.
IntegrityCheck check_integrity(std::string_view sri, std::string_view bytes, std::string* detail);

// "sha512-<base64>" of `bytes`.
std::string sri_sha512(std::string_view bytes);

// Lower-case hex digest; `algorithm` is "sha1", "sha256" or "sha512".
std::string hex_digest(std::string_view algorithm, std::string_view bytes);

// A filesystem-safe key for the strongest hash in an SRI string ("sha512/<hex>"), "" if none.
std::string integrity_cache_key(std::string_view sri);

}  // namespace tarsier
