#include "analyzer/archive/gzip_check.h"

#include <zlib.h>

#include <array>

namespace tarsier {

std::string gzip_trailer_problem(std::string_view bytes, uint64_t max_output) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b) {
    return "";
  }
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) {
    return "cannot start zlib";
  }
  std::array<unsigned char, 64 * 1024> sink;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());  // archives are below 4 GiB (size limit)
  std::string problem;
  uint64_t inflated = 0;
  while (inflated <= max_output) {
    stream.next_out = sink.data();
    stream.avail_out = static_cast<uInt>(sink.size());
    int status = inflate(&stream, Z_NO_FLUSH);
    inflated += sink.size() - stream.avail_out;
    if (status == Z_STREAM_END) {
      // Another member may follow (concatenated gzip); anything else after the trailer is
      // ignored, as gzip itself does with trailing zeros.
      if (stream.avail_in < 2 || stream.next_in[0] != 0x1f || stream.next_in[1] != 0x8b ||
          inflateReset(&stream) != Z_OK) {
        break;
      }
      continue;
    }
    if (status == Z_DATA_ERROR) {
      std::string what = stream.msg != nullptr ? stream.msg : "corrupt data";
      problem = what == "incorrect data check"     ? "gzip CRC-32 mismatch"
                : what == "incorrect length check" ? "gzip length mismatch"
                                                   : "gzip data error: " + what;
      break;
    }
    if (status == Z_BUF_ERROR && stream.avail_in == 0) {
      problem = "gzip stream cut short (no trailer)";
      break;
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      problem = "gzip error " + std::to_string(status);
      break;
    }
  }
  inflateEnd(&stream);
  return problem;
}

}  // namespace tarsier
