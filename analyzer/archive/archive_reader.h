// Reads a package archive from memory with libarchive; nothing is written to disk. Breaking a
// limit, a path escaping the package, a link or an unreadable entry becomes a Finding
// (capability "archive"): archive-limit-exceeded, archive-path-traversal, archive-symlink,
// archive-hardlink, archive-unreadable-entry. A hard limit (total bytes, entry count, ratio)
// stops reading but keeps every file read so far. A file over the per-entry limit is not read
// and becomes archive-big-native-entry (native-code, low: its header is ELF/PE/Mach-O/wasm or
// it is a .node addon) or archive-big-entry (medium: unknown behaviour), never an alarm.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/finding.h"

namespace tarsier {

enum class ArchiveKind {
  npm_tarball,  // tar + gzip, first path component stripped ("package/")
  zip,          // wheels and zip sdists
  sdist,        // tar + gzip/bzip2/xz or zip, first component stripped when all entries share it
};

struct ArchiveLimits {
  uint64_t max_total_bytes = 512ull << 20;  // uncompressed, whole archive
  uint64_t max_entry_bytes = 64ull << 20;   // one file
  uint64_t max_entries = 20000;
  uint64_t max_ratio = 200;               // uncompressed / compressed
  uint64_t ratio_min_bytes = 1ull << 20;  // the ratio counts only past this many bytes
  size_t max_path_length = 1024;
  // A gzip archive that inflates to at most this many bytes is inflated in one call with
  // libdeflate before libarchive reads the tar; a larger one is streamed through libarchive's
  // own inflate. 0: always stream.
  uint64_t whole_inflate_bytes = 32ull << 20;
};

struct ArchiveEntry {
  std::string path;  // normalised, relative, '/'-separated, first component stripped (see kind)
  std::string data;
};

struct ArchiveContents {
  std::vector<ArchiveEntry> files;  // regular files only
  std::vector<Finding> findings;    // limit breaches, traversal, links (capability "archive")
  std::string error;                // unreadable, corrupt or truncated (files keeps what was read)
  uint64_t unpacked_bytes = 0;
};

ArchiveContents read_archive(std::string_view bytes, ArchiveKind kind, const ArchiveLimits& limits);

}  // namespace tarsier
