#include "analyzer/cache/cache_usage.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace tarsier {

namespace fs = std::filesystem;

namespace {

int64_t seconds_since_epoch(fs::file_time_type time) {
  auto system = fs::file_time_type::clock::to_sys(time);
  return std::chrono::duration_cast<std::chrono::seconds>(system.time_since_epoch()).count();
}

std::optional<uint64_t> parse_number(std::string_view text, size_t* used) {
  uint64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX - 9) / 10) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  *used = i;
  return i == 0 ? std::nullopt : std::optional<uint64_t>(value);
}

}  // namespace

CacheUsage cache_usage(const std::string& dir) {
  CacheUsage usage;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return usage;
  }
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec) ||
        it->path().filename().string().find(".tmp.") != std::string::npos) {
      continue;
    }
    CacheEntry entry;
    entry.path = it->path().string();
    entry.bytes = it->file_size(ec);
    entry.last_used = seconds_since_epoch(it->last_write_time(ec));
    usage.bytes += entry.bytes;
    usage.entries.push_back(std::move(entry));
  }
  std::sort(usage.entries.begin(), usage.entries.end(),
            [](const CacheEntry& a, const CacheEntry& b) { return a.last_used < b.last_used; });
  return usage;
}

PruneResult prune_cache(const std::string& dir, std::optional<uint64_t> max_bytes,
                        std::optional<int64_t> older_than_s, int64_t now_s) {
  CacheUsage usage = cache_usage(dir);
  PruneResult result;
  uint64_t total = usage.bytes;
  for (const auto& entry : usage.entries) {
    bool stale = older_than_s && now_s - entry.last_used > *older_than_s;
    bool over = max_bytes && total > *max_bytes;
    if (!stale && !over) {
      ++result.kept;
      result.kept_bytes += entry.bytes;
      continue;
    }
    std::error_code ec;
    if (fs::remove(entry.path, ec)) {
      ++result.removed;
      result.freed_bytes += entry.bytes;
      total -= entry.bytes;
    } else {
      result.errors.push_back(entry.path + ": " + ec.message());
      ++result.kept;
      result.kept_bytes += entry.bytes;
    }
  }
  return result;
}

std::optional<uint64_t> parse_size(std::string_view text) {
  size_t used = 0;
  auto number = parse_number(text, &used);
  if (!number) {
    return std::nullopt;
  }
  std::string_view unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) {
    unit.remove_suffix(1);
  }
  if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I')) {
    unit.remove_suffix(1);
  }
  static constexpr std::string_view k_units = "KMGT";
  if (unit.empty()) {
    return number;
  }
  size_t power = unit.size() == 1 ? k_units.find(static_cast<char>(std::toupper(unit[0])))
                                  : std::string_view::npos;
  if (power == std::string_view::npos) {
    return std::nullopt;
  }
  uint64_t value = *number;
  for (size_t i = 0; i <= power; ++i) {
    if (value > UINT64_MAX / 1024) {
      return std::nullopt;
    }
    value *= 1024;
  }
  return value;
}

std::optional<int64_t> parse_duration_seconds(std::string_view text) {
  size_t used = 0;
  auto number = parse_number(text, &used);
  if (!number || used + 1 != text.size() || *number > (1ull << 40)) {
    return std::nullopt;
  }
  int64_t n = static_cast<int64_t>(*number);
  switch (text.back()) {
    case 's':
      return n;
    case 'm':
      return n * 60;
    case 'h':
      return n * 3600;
    case 'd':
      return n * 86400;
    case 'w':
      return n * 7 * 86400;
    default:
      return std::nullopt;
  }
}

std::string format_bytes(uint64_t bytes) {
  static const char* k_units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(k_units)) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  if (unit == 0) {
    std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, k_units[unit]);
  }
  return buffer;
}

}  // namespace tarsier
