// A package folder given on the command line (an unpacked package) as an in-memory tar, so that
// it is unpacked, limited and analysed on the same confined path as a downloaded archive.
// Regular files only: symbolic links (which could point at the user's own secrets), devices,
// sockets and FIFOs are left out and counted; node_modules and version-control folders are not
// entered. Entries are sorted and their times and owners zeroed, so the same content packs to
// the same bytes, and so to the same integrity key in the risk database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "analyzer/archive/archive_reader.h"

namespace tarsier {

struct FolderPack {
  std::string tar;        // uncompressed tar, every path under `prefix`
  uint64_t files = 0;     // regular files packed
  uint64_t left_out = 0;  // links and special files not packed
  std::string error;      // "" when the folder was packed whole
};

// Packs the regular files below `dir` under `prefix` ("package/" for npm, as a registry tarball
// holds them). Stops with `error` set when the folder holds more than `limits` allow (entries,
// total bytes) or a file is larger than the per-entry limit.
FolderPack pack_folder(const std::filesystem::path& dir, const std::string& prefix,
                       const ArchiveLimits& limits);

}  // namespace tarsier
