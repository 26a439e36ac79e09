#include "analyzer/archive/gzip_inflate.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>

namespace tarsier {

namespace {

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

libdeflate_decompressor* thread_decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(
      libdeflate_alloc_decompressor());
  return d.get();
}

// The ISIZE field of the member ending `bytes`: its inflated size modulo 2^32.
uint64_t trailer_size(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size() - 4);
  return uint64_t{p[0]} | uint64_t{p[1]} << 8 | uint64_t{p[2]} << 16 | uint64_t{p[3]} << 24;
}

}  // namespace

uint64_t first_inflate_guess(std::string_view bytes, uint64_t max_bytes) {
  // Deflate cannot expand its input more than 1032 times (a 258-byte match in two bits), so a
  // trailer that claims more than that is a lie, and believing it would reserve and zero up to
  // `max_bytes` for a few bytes of input.
  uint64_t possible = uint64_t{bytes.size()} * 1032;
  uint64_t claimed = bytes.size() >= 4 ? trailer_size(bytes) : 0;
  return std::min<uint64_t>(max_bytes, std::max<uint64_t>(std::min(claimed, possible), 4096));
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 18 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::optional<std::string> inflate_gzip(std::string_view bytes, uint64_t max_bytes) {
  libdeflate_decompressor* d = thread_decompressor();
  if (d == nullptr || !is_gzip(bytes)) {
    return std::nullopt;
  }
  std::string out;
  // A single-member file (what registries serve) says its size in its trailer; a guess that is
  // too small only costs another attempt.
  uint64_t capacity = first_inflate_guess(bytes, max_bytes);
  std::string_view rest = bytes;
  size_t used = 0;
  while (!rest.empty()) {
    if (!is_gzip(rest)) {
      return std::nullopt;
    }
    size_t in_used = 0;
    size_t produced = 0;
    libdeflate_result r = LIBDEFLATE_INSUFFICIENT_SPACE;
    while (true) {
      out.resize(static_cast<size_t>(capacity));
      r = libdeflate_gzip_decompress_ex(d, rest.data(), rest.size(), out.data() + used,
                                        out.size() - used, &in_used, &produced);
      if (r != LIBDEFLATE_INSUFFICIENT_SPACE || capacity >= max_bytes) {
        break;
      }
      capacity = std::min<uint64_t>(max_bytes, capacity * 2);
    }
    if (r != LIBDEFLATE_SUCCESS) {
      return std::nullopt;
    }
    used += produced;
    rest.remove_prefix(in_used);
  }
  out.resize(used);
  return out;
}

}  // namespace tarsier
