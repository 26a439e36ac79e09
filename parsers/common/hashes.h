// Lockfile hashes as SRI: every format's digests ("sha256:<hex>", yarn's "#<sha1>" fragments,
// SRI strings) end up in PackageRef::integrity as space-separated SRI tokens, so the fetcher
// verifies one way for every ecosystem.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// Converts "sha256:<hex>" / "sha256=<hex>" (or a bare 64-digit hex with `algorithm`) into an SRI
// token "sha256-<base64>"; "" when the text is not a well-formed digest. PackageRef::integrity
// holds SRI for every ecosystem, so the fetcher verifies one way.
std::string sri_from_hex_digest(std::string_view digest, std::string_view algorithm = "sha256");

// Appends `token` to a space-separated SRI list unless it is empty or already there.
void append_sri(std::string* list, const std::string& token);

}  // namespace tarsier
