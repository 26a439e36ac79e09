// Archive integrity: Subresource Integrity strings and hex digests, computed with OpenSSL.
//
// Accepted forms (tokens separated by whitespace; several tokens may be combined):
//   sha512-<base64>  sha384-<base64>  sha256-<base64>  sha1-<base64>   SRI (npm, pnpm, yarn, bun);
//                                                                     an "?options" suffix is
//                                                                     ignored
//   sha256:<hex>  sha256=<hex>  (also sha1/sha384/sha512)             hex hashes (pip, PEP 503)
//   <hex>                                                             bare hex digest; the length
//                                                                     picks the algorithm
//                                                                     (40/64/96/128)
// Anything else (md5, yarn berry "10c0/...", malformed digests) is ignored. The strongest
// algorithm present decides; when it appears several times, any one matching is a match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

enum class IntegrityCheck { match, mismatch, unsupported };

// One parsed digest: algorithm name ("sha1", "sha256", "sha384", "sha512") and raw bytes.
struct Digest {
  std::string algorithm;
  std::string bytes;
};

// Every well-formed digest in `integrity`, in input order.
std::vector<Digest> parse_integrity(std::string_view integrity);

// Why a lockfile's integrity cannot be trusted as a pin, "" when it can (or is empty): a token
// naming sha1/sha256/sha384/sha512 whose digest is malformed or cut short, or text where not one
// token is a well-formed digest ("xxxxxxxxxx", "md5-..."). Tokens of other algorithms beside a
// well-formed one are ignored, as in SRI.
std::string integrity_problem(std::string_view integrity);

// Verifies `bytes` against an integrity string; the strongest supported algorithm present
// decides. `detail` (optional) explains a mismatch or why nothing could be checked.
IntegrityCheck check_integrity(std::string_view sri, std::string_view bytes, std::string* detail);

// "sha512-<base64>" of `bytes`.
std::string sri_sha512(std::string_view bytes);

// "<algorithm>-<base64>" of `bytes`; "" for an unsupported algorithm.
std::string sri_digest(std::string_view algorithm, std::string_view bytes);

// Lower-case hex digest; `algorithm` is "sha1", "sha256", "sha384" or "sha512" ("" otherwise).
std::string hex_digest(std::string_view algorithm, std::string_view bytes);

// The strongest digest of any accepted form rewritten as one SRI token ("sha1-<base64>" for
// npm's dist.shasum hex, "sha256-<base64>" for a PyPI hash); "" when nothing is supported.
std::string normalize_integrity(std::string_view integrity);

// A filesystem-safe key for the strongest hash ("sha512/<hex>"), "" if none.
std::string integrity_cache_key(std::string_view sri);

}  // namespace tarsier
