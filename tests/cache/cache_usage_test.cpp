#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "analyzer/cache/cache_usage.h"
#include "tests/support/process.h"

using namespace tarsier;

TEST_CASE("sizes and durations people write", "[cache]") {
  CHECK(parse_size("0") == 0u);
  CHECK(parse_size("64k") == 64u * 1024);
  CHECK(parse_size("500M") == 500ull << 20);
  CHECK(parse_size("2GiB") == 2ull << 30);
  CHECK_FALSE(parse_size("lots"));
  CHECK_FALSE(parse_size("5X"));
  CHECK(parse_duration_seconds("30d") == 30 * 86400);
  CHECK(parse_duration_seconds("2w") == 14 * 86400);
  CHECK(parse_duration_seconds("90m") == 5400);
  CHECK_FALSE(parse_duration_seconds("30"));
  CHECK_FALSE(parse_duration_seconds("d"));
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(12) == "12 B");
}

TEST_CASE("prune removes the stale, then the least recently used", "[cache]") {
  test::TempDir dir;
  namespace fs = std::filesystem;
  auto now = fs::file_time_type::clock::now();
  auto entry = [&](const std::string& name, size_t bytes, int days_ago) {
    std::string path = dir.write("sha512/ab/" + name, std::string(bytes, 'x'));
    fs::last_write_time(path, now - std::chrono::hours(24 * days_ago));
  };
  entry("old", 100, 40);
  entry("mid", 200, 10);
  entry("new", 300, 0);
  dir.write("sha512/ab/new.tmp.123456", "half written");
  CacheUsage usage = cache_usage(dir.path());
  REQUIRE(usage.entries.size() == 3);
  CHECK(usage.bytes == 600);
  CHECK(fs::path(usage.entries.front().path).filename() == "old");

  int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  PruneResult stale = prune_cache(dir.path(), std::nullopt, 30 * 86400, now_s);
  CHECK(stale.removed == 1);
  CHECK(stale.freed_bytes == 100);
  PruneResult sized = prune_cache(dir.path(), 300, std::nullopt, now_s);
  CHECK(sized.removed == 1);  // "mid" goes, "new" fits
  CHECK(sized.kept_bytes == 300);
  CHECK(fs::exists(dir.path() + "/sha512/ab/new"));
}
