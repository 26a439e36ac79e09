// Whole-buffer gzip inflation with libdeflate, several times faster than zlib's streaming inflate
// that libarchive uses. Only for archives whose inflated size is small enough to hold in memory
// at once; libarchive still reads the tar structure from the result (archive_reader.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarsier {

// True when `bytes` starts with the gzip magic.
bool is_gzip(std::string_view bytes);

// The first output size inflate_gzip tries: what the last member's trailer says, but never more
// than deflate can produce from `bytes` (1032 times its size), at least 4 KiB, at most
// `max_bytes`.
uint64_t first_inflate_guess(std::string_view bytes, uint64_t max_bytes);

// Inflates every member of the gzip data in `bytes`. nullopt when it is not gzip, is damaged or
// truncated, has trailing data that is not another member, or would inflate past `max_bytes`:
// the caller then streams it with libarchive, which reports what is wrong and enforces the
// limits entry by entry.
std::optional<std::string> inflate_gzip(std::string_view bytes, uint64_t max_bytes);

}  // namespace tarsier
