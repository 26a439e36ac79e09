// Content-addressed archive cache: files named by the hash in their integrity string, written
// atomically (temporary file + rename) so concurrent scans never see half a file.
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/result.h"

namespace tarsier {

class TarballCache {
 public:
  // `dir` is created on first write.
  explicit TarballCache(std::string dir);

  // The cached bytes for an integrity string, verified again on read; nullopt on a miss.
  std::optional<std::string> get(const std::string& integrity) const;
  // The size of the cached file for this integrity (not read or verified), nullopt on a miss.
  std::optional<uint64_t> size_of(const std::string& integrity) const;
  // Stores bytes already verified against `integrity`; an error when the integrity string has no
  // supported hash or does not match (ErrorKind::invalid), or on I/O failure (ErrorKind::io).
  Result<void> put(const std::string& integrity, const std::string& bytes) const;

  // Registry metadata (a packument, a Simple API page) kept for `scan --offline`: stored under
  // the SHA-256 of the URL it was requested from (credentials never reach the disk in clear),
  // with the URL it finally came from when that differs (another index), credentials removed.
  struct Metadata {
    std::string source_url;  // "" when it came from the request URL itself
    std::string body;
  };
  Result<void> put_metadata(const std::string& request_url, const Metadata& metadata) const;
  std::optional<Metadata> get_metadata(const std::string& request_url) const;

  const std::string& dir() const { return m_dir; }

  // $XDG_CACHE_HOME/tarsier, else ~/.cache/tarsier.
  static std::string default_dir();

 private:
  std::string m_dir;
};

}  // namespace tarsier
