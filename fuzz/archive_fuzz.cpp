// libFuzzer target for the in-memory archive reader: the first byte picks the kind (npm tarball,
// zip/wheel, sdist: tar.gz, tar.bz2, tar.xz or zip), the rest is the archive. Small limits keep
// each input fast; breaking one must be a finding, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/archive/archive_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) {
    return 0;
  }
  static const tarsier::ArchiveKind kinds[] = {
      tarsier::ArchiveKind::npm_tarball, tarsier::ArchiveKind::zip, tarsier::ArchiveKind::sdist};
  tarsier::ArchiveKind kind = kinds[data[0] % 3];
  tarsier::ArchiveLimits limits;
  limits.max_total_bytes = 8u << 20;
  limits.max_entry_bytes = 4u << 20;
  limits.max_entries = 2000;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  tarsier::ArchiveContents contents = tarsier::read_archive(bytes, kind, limits);
  if (contents.unpacked_bytes > limits.max_total_bytes + limits.max_entry_bytes) {
    __builtin_trap();  // the total limit was not enforced
  }
  return 0;
}
