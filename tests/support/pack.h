// Builds package archives in memory for tests: npm tarballs from folders or strings, hostile
// tar archives with raw special entries, and zip files (wheels).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tarsier::test {

// A tar entry written exactly as given (no "package/" prefix, no name checks).
struct RawEntry {
  enum class Type { file, directory, symlink, hardlink };
  std::string path;  // may be "../x", "/etc/x", anything
  std::string data;  // file content
  Type type = Type::file;
  std::string link_target;  // for symlink and hardlink
  int mode = 0644;
};

enum class Compression { gzip, none };

// The mtime npm writes into every tarball entry (1985-10-26T08:15:00Z).
inline constexpr long k_npm_mtime = 499162500;

// A tar archive of `entries` in the given order, gzip'd unless told otherwise.
std::string pack_raw_entries(const std::vector<RawEntry>& entries,
                             Compression compression = Compression::gzip);

// An npm tarball: every (path, content) under "package/", sorted by path, fixed mtime.
std::string pack_npm_files(const std::vector<std::pair<std::string, std::string>>& files);

// An npm tarball of every regular file under `dir` (recursively); "" when `dir` is unreadable.
std::string pack_npm_dir(const std::string& dir);

// `data` compressed as a gzip stream (for Content-Encoding tests and .gz payloads).
std::string gzip_compress(const std::string& data);

// A zip archive (deflate) of (path, content) pairs in the given order.
std::string pack_zip_files(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace tarsier::test
