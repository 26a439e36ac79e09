#include "analyzer/cache/tarball_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "analyzer/util/integrity.h"
#include "analyzer/util/read_file.h"

namespace tarsier {

namespace {

// "<dir>/<alg>/<hex[0:2]>/<hex>", or "" when the integrity has no supported hash.
std::string entry_path(const std::string& dir, const std::string& integrity) {
  std::string key = integrity_cache_key(integrity);  // "sha512/<hex>"
  size_t slash = key.find('/');
  if (key.empty() || slash == std::string::npos || key.size() < slash + 3) {
    return "";
  }
  std::string hex = key.substr(slash + 1);
  return dir + "/" + key.substr(0, slash) + "/" + hex.substr(0, 2) + "/" + hex;
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string metadata_path(const std::string& dir, const std::string& request_url) {
  std::string hex = hex_digest("sha256", request_url);
  return dir + "/metadata/" + hex.substr(0, 2) + "/" + hex;
}

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
Result<void> write_atomically(const std::string& path, const std::string& bytes) {
  auto fail = [](std::string message) -> Result<void> {
    return make_error(ErrorKind::io, std::move(message));
  };
  std::string parent = path.substr(0, path.rfind('/'));
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return fail(parent + ": cannot create cache directory: " + ec.message());
  }
  std::string temp = path + ".tmp.XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    return fail(parent + ": cannot create a temporary file: " + std::strerror(errno));
  }
  fchmod(fd, 0644);
  bool ok = write_all(fd, bytes);
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return fail(path + ": cannot write cache file: " + reason);
  }
  return {};
}

}  // namespace

TarballCache::TarballCache(std::string dir) : m_dir(std::move(dir)) {
  while (m_dir.size() > 1 && m_dir.back() == '/') {
    m_dir.pop_back();
  }
}

std::optional<uint64_t> TarballCache::size_of(const std::string& integrity) const {
  std::string path = entry_path(m_dir, integrity);
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return std::nullopt;
  }
  uint64_t size = std::filesystem::file_size(path, ec);
  return ec ? std::nullopt : std::optional<uint64_t>(size);
}

std::optional<std::string> TarballCache::get(const std::string& integrity) const {
  std::string path = entry_path(m_dir, integrity);
  if (path.empty()) {
    return std::nullopt;
  }
  std::optional<std::string> read = read_file_bytes(path);
  if (!read) {
    return std::nullopt;
  }
  std::string bytes = std::move(*read);
  if (check_integrity(integrity, bytes, nullptr) != IntegrityCheck::match) {
    // A damaged or tampered file: drop it so the next scan downloads a fresh copy.
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return std::nullopt;
  }
  // A hit marks the entry as used now: `tarsier cache prune` removes the least recently used.
  std::error_code ec;
  std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now(), ec);
  return bytes;
}

Result<void> TarballCache::put(const std::string& integrity, const std::string& bytes) const {
  auto fail = [](std::string message) -> Result<void> {
    return make_error(ErrorKind::invalid, std::move(message));
  };
  std::string path = entry_path(m_dir, integrity);
  if (path.empty()) {
    return fail("cannot cache: no supported hash in the integrity string");
  }
  // Verified again so a caller's mistake can never plant wrong bytes under a trusted name.
  std::string detail;
  if (check_integrity(integrity, bytes, &detail) != IntegrityCheck::match) {
    return fail("cannot cache: " + detail);
  }
  return write_atomically(path, bytes);
}

Result<void> TarballCache::put_metadata(const std::string& request_url,
                                        const Metadata& metadata) const {
  return write_atomically(metadata_path(m_dir, request_url),
                          metadata.source_url + "\n" + metadata.body);
}

std::optional<TarballCache::Metadata> TarballCache::get_metadata(
    const std::string& request_url) const {
  std::optional<std::string> read = read_file_bytes(metadata_path(m_dir, request_url));
  if (!read) {
    return std::nullopt;
  }
  std::string text = std::move(*read);
  size_t newline = text.find('\n');
  if (newline == std::string::npos) {
    return std::nullopt;
  }
  return Metadata{text.substr(0, newline), text.substr(newline + 1)};
}

std::string TarballCache::default_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && xdg[0] == '/') {
    return std::string(xdg) + "/tarsier";
  }
  const char* home = std::getenv("HOME");
  if (home && home[0] != '\0') {
    return std::string(home) + "/.cache/tarsier";
  }
  return ".cache/tarsier";
}

}  // namespace tarsier
