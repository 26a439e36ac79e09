// What the archive cache holds and how to trim it (`tarsier cache status`, `tarsier cache
// prune`). An entry's time is its last use: written, or read back by a scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

struct CacheEntry {
  std::string path;
  uint64_t bytes = 0;
  int64_t last_used = 0;  // seconds since the epoch
};

struct CacheUsage {
  std::vector<CacheEntry> entries;  // least recently used first
  uint64_t bytes = 0;
};

// Every cached archive under `dir` (temporary files of unfinished writes are left out).
CacheUsage cache_usage(const std::string& dir);

struct PruneResult {
  size_t removed = 0;
  uint64_t freed_bytes = 0;
  size_t kept = 0;
  uint64_t kept_bytes = 0;
  std::vector<std::string> errors;
};

// Removes entries unused for more than `older_than_s` seconds, then the least recently used
// until the cache holds at most `max_bytes`. Either limit may be absent. `now_s` is the current
// time (seconds since the epoch).
PruneResult prune_cache(const std::string& dir, std::optional<uint64_t> max_bytes,
                        std::optional<int64_t> older_than_s, int64_t now_s);

// "500M", "2G", "64k", "1048576" (bytes; K, M, G, T are powers of 1024); nullopt when malformed.
std::optional<uint64_t> parse_size(std::string_view text);
// "30d", "12h", "90m", "2w", "45s"; nullopt when malformed.
std::optional<int64_t> parse_duration_seconds(std::string_view text);
// 1536 -> "1.5 KiB".
std::string format_bytes(uint64_t bytes);

}  // namespace tarsier
