#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/util/integrity.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::TempDir;

namespace fs = std::filesystem;

TEST_CASE("TarballCache round trip under <alg>/<hex[0:2]>/<hex>", "[cache]") {
  TempDir dir;
  TarballCache cache(dir.path() + "/nested/cache/");
  std::string bytes = "tarball bytes";
  std::string integrity = sri_sha512(bytes);
  REQUIRE_FALSE(cache.get(integrity));  // miss before the directory exists

  REQUIRE(cache.put(integrity, bytes));
  std::string hex = hex_digest("sha512", bytes);
  std::string expected_path = dir.path() + "/nested/cache/sha512/" + hex.substr(0, 2) + "/" + hex;
  REQUIRE(fs::is_regular_file(expected_path));
  REQUIRE(cache.get(integrity) == std::optional<std::string>(bytes));

  // The key is the strongest hash, whatever form the integrity has.
  std::string both = sri_digest("sha1", bytes) + " " + integrity;
  REQUIRE(cache.get(both) == std::optional<std::string>(bytes));
  std::string sha256 = "sha256:" + hex_digest("sha256", bytes);
  REQUIRE(cache.put(sha256, bytes));
  REQUIRE(fs::is_regular_file(dir.path() + "/nested/cache/sha256/" +
                              hex_digest("sha256", bytes).substr(0, 2) + "/" +
                              hex_digest("sha256", bytes)));
  REQUIRE(cache.get(sri_digest("sha256", bytes)) == std::optional<std::string>(bytes));

  // No temporary files are left behind.
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(dir.path())) {
    files += e.is_regular_file() ? 1 : 0;
    REQUIRE(e.path().string().find(".tmp.") == std::string::npos);
  }
  REQUIRE(files == 2);
}

TEST_CASE("TarballCache treats a corrupt file as a miss and deletes it", "[cache]") {
  TempDir dir;
  TarballCache cache(dir.path());
  std::string bytes = "good bytes";
  std::string integrity = sri_sha512(bytes);
  REQUIRE(cache.put(integrity, bytes));
  std::string hex = hex_digest("sha512", bytes);
  std::string path = dir.path() + "/sha512/" + hex.substr(0, 2) + "/" + hex;
  dir.write("sha512/" + hex.substr(0, 2) + "/" + hex, "tampered!!");
  REQUIRE_FALSE(cache.get(integrity));
  REQUIRE_FALSE(fs::exists(path));
  // A fresh put repairs it.
  REQUIRE(cache.put(integrity, bytes));
  REQUIRE(cache.get(integrity) == std::optional<std::string>(bytes));
}

TEST_CASE("TarballCache refuses wrong bytes and unusable integrity", "[cache]") {
  TempDir dir;
  TarballCache cache(dir.path());
  auto mismatch = cache.put(sri_sha512("a"), "b");
  REQUIRE_FALSE(mismatch);
  REQUIRE(mismatch.error().str().find("mismatch") != std::string::npos);
  REQUIRE(mismatch.error().kind == ErrorKind::invalid);
  auto unsupported = cache.put("md5-xyz", "b");
  REQUIRE_FALSE(unsupported);
  REQUIRE(unsupported.error().str().find("no supported hash") != std::string::npos);
  REQUIRE_FALSE(cache.get("md5-xyz"));
  REQUIRE(fs::is_empty(dir.path()));
}

TEST_CASE("TarballCache reports I/O failures", "[cache]") {
  TempDir dir;
  // A file where the cache directory should be.
  std::string blocker = dir.write("blocker", "x");
  TarballCache cache(blocker);
  auto blocked = cache.put(sri_sha512("data"), "data");
  REQUIRE_FALSE(blocked);
  REQUIRE(blocked.error().kind == ErrorKind::io);
  std::string error = blocked.error().str();
  REQUIRE(error.find(blocker) == 0);
  REQUIRE(error.find("cannot create cache directory") != std::string::npos);
}

TEST_CASE("TarballCache writes atomically under concurrent writers", "[cache]") {
  TempDir dir;
  TarballCache cache(dir.path());
  std::string bytes(300000, 'z');
  for (size_t i = 0; i < bytes.size(); i += 7) {
    bytes[i] = static_cast<char>(i);
  }
  std::string integrity = sri_sha512(bytes);
  std::atomic<int> bad_reads{0};
  std::atomic<int> failed_puts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (!cache.put(integrity, bytes)) {
          ++failed_puts;
        }
        auto got = cache.get(integrity);
        // A reader sees the whole file or nothing, never a partial one.
        if (got && *got != bytes) {
          ++bad_reads;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  REQUIRE(failed_puts == 0);
  REQUIRE(bad_reads == 0);
  REQUIRE(cache.get(integrity) == std::optional<std::string>(bytes));
}

TEST_CASE("TarballCache::default_dir follows XDG_CACHE_HOME, then HOME", "[cache]") {
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  const char* old_home = std::getenv("HOME");
  std::string saved_xdg = old_xdg ? old_xdg : "";
  std::string saved_home = old_home ? old_home : "";
  setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
  setenv("HOME", "/home/someone", 1);
  std::string with_xdg = TarballCache::default_dir();
  unsetenv("XDG_CACHE_HOME");
  std::string with_home = TarballCache::default_dir();
  setenv("XDG_CACHE_HOME", "relative/path", 1);
  std::string with_relative = TarballCache::default_dir();
  if (old_xdg) {
    setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
  } else {
    unsetenv("XDG_CACHE_HOME");
  }
  if (old_home) {
    setenv("HOME", saved_home.c_str(), 1);
  }
  REQUIRE(with_xdg == "/tmp/xdg-test/tarsier");
  REQUIRE(with_home == "/home/someone/.cache/tarsier");
  REQUIRE(with_relative == "/home/someone/.cache/tarsier");
}
