// The gzip trailer check libarchive leaves out: its tar reader stops at the end-of-archive
// blocks and its gzip filter never compares the CRC-32 and length of the trailer, so a
// damaged .tgz could read as whole. zlib checks both when it inflates to the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tarsier {

// "" when `bytes` is not gzip or every member inflates with a matching CRC-32 and length;
// otherwise what is wrong ("gzip CRC-32 mismatch", "gzip stream cut short"). Stops without a
// verdict ("") after `max_output` inflated bytes: the archive limits have spoken by then.
std::string gzip_trailer_problem(std::string_view bytes, uint64_t max_output);

}  // namespace tarsier
