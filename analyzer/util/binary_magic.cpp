#include "analyzer/util/binary_magic.h"

#include <cstdint>
#include <cstring>

namespace tarsier {

std::string_view native_format(std::string_view d) {
  auto starts = [&](const char* magic, size_t n) {
    return d.size() >= n && std::memcmp(d.data(), magic, n) == 0;
  };
  if (starts("\x7f"
             "ELF",
             4)) {
    return "ELF";
  }
  if (starts("\0asm", 4)) {
    return "wasm";
  }
  // PE: "MZ" plus a plausible "PE\0\0" header offset.
  if (starts("MZ", 2) && d.size() >= 0x40) {
    uint32_t off = static_cast<unsigned char>(d[0x3c]) |
                   (static_cast<unsigned char>(d[0x3d]) << 8) |
                   (static_cast<unsigned char>(d[0x3e]) << 16);
    bool pe = off + 4 <= d.size() && d.substr(off, 4) == std::string_view("PE\0\0", 4);
    return pe ? "PE" : "";
  }
  if (starts("\xfe\xed\xfa\xce", 4) || starts("\xfe\xed\xfa\xcf", 4) ||
      starts("\xce\xfa\xed\xfe", 4) || starts("\xcf\xfa\xed\xfe", 4)) {
    return "Mach-O";
  }
  // Fat Mach-O shares 0xcafebabe with Java class files; Java's next word is a large version.
  if (starts("\xca\xfe\xba\xbe", 4) && d.size() >= 8) {
    uint32_t count = (static_cast<unsigned char>(d[4]) << 24) |
                     (static_cast<unsigned char>(d[5]) << 16) |
                     (static_cast<unsigned char>(d[6]) << 8) | static_cast<unsigned char>(d[7]);
    return count > 0 && count < 20 ? "Mach-O" : "";
  }
  return "";
}

}  // namespace tarsier
