// Whole-buffer gzip inflation (libdeflate) gives exactly what libarchive's streaming inflate gives,
// and hands anything unusual back to libarchive.
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/archive/gzip_inflate.h"
#include "tests/support/pack.h"

using namespace tarsier;

namespace {

std::string sample_text(size_t n) {
  std::string out;
  for (size_t i = 0; out.size() < n; ++i) {
    out += "line " + std::to_string(i * 7919 % 1000003) + " of the sample\n";
  }
  return out;
}

ArchiveContents read_with(const std::string& bytes, uint64_t whole_inflate_bytes) {
  ArchiveLimits limits;
  limits.whole_inflate_bytes = whole_inflate_bytes;
  return read_archive(bytes, ArchiveKind::npm_tarball, limits);
}

}  // namespace

TEST_CASE("gzip members inflate whole, one after another", "[archive]") {
  std::string a = sample_text(100000);
  std::string b = sample_text(3000);
  auto one = inflate_gzip(test::gzip_compress(a), 1 << 20);
  REQUIRE(one);
  CHECK(*one == a);
  // Two members: the second's trailer says nothing about the first.
  auto two = inflate_gzip(test::gzip_compress(a) + test::gzip_compress(b), 1 << 20);
  REQUIRE(two);
  CHECK(*two == a + b);
}

TEST_CASE("gzip input inflate_gzip does not take is left to libarchive", "[archive]") {
  std::string text = sample_text(50000);
  std::string gz = test::gzip_compress(text);
  CHECK_FALSE(inflate_gzip(gz, 1000));                              // over the size limit
  CHECK_FALSE(inflate_gzip(gz.substr(0, gz.size() / 2), 1 << 20));  // truncated
  CHECK_FALSE(inflate_gzip(gz + "trailing", 1 << 20));              // not another member
  CHECK_FALSE(inflate_gzip("PK\x03\x04 not gzip at all", 1 << 20));
  CHECK_FALSE(inflate_gzip(gz, 0));
}

TEST_CASE("a gzip trailer is believed only as far as deflate can expand", "[archive]") {
  std::string text = sample_text(50000);
  std::string gz = test::gzip_compress(text);
  CHECK(first_inflate_guess(gz, 32 << 20) == text.size());  // the trailer's honest size
  // A 30-byte input whose trailer claims 4 GiB: at most 1032 times 30 bytes, not 32 MiB.
  std::string liar = gz.substr(0, 26) + std::string("\xf0\xff\xff\xff", 4);
  CHECK(first_inflate_guess(liar, 32 << 20) == 30 * 1032);
  CHECK(first_inflate_guess(liar, 1000) == 1000);
  CHECK(first_inflate_guess(gz.substr(0, 2), 32 << 20) == 4096);
  CHECK_FALSE(inflate_gzip(liar, 32 << 20));
  // An honest trailer that is too small (two members: only the last one's) still inflates.
  std::string big = sample_text(300000);
  auto two = inflate_gzip(test::gzip_compress(big) + test::gzip_compress("x"), 32 << 20);
  REQUIRE(two);
  CHECK(*two == big + "x");
}

TEST_CASE("archives read the same with and without whole-buffer inflation", "[archive]") {
  std::string tgz = test::pack_npm_files({{"package.json", R"({"name":"x","version":"1.0.0"})"},
                                          {"lib/a.js", sample_text(200000)},
                                          {"lib/b.js", "module.exports = 1;\n"}});
  ArchiveContents streamed = read_with(tgz, 0);
  ArchiveContents whole = read_with(tgz, 32 << 20);
  REQUIRE(streamed.error.empty());
  REQUIRE(whole.error.empty());
  REQUIRE(whole.files.size() == streamed.files.size());
  for (size_t i = 0; i < whole.files.size(); ++i) {
    CHECK(whole.files[i].path == streamed.files[i].path);
    CHECK(whole.files[i].data == streamed.files[i].data);
  }
  CHECK(whole.unpacked_bytes == streamed.unpacked_bytes);
  // A truncated archive still reports the error libarchive finds, with what it could read.
  ArchiveContents cut = read_with(tgz.substr(0, tgz.size() - 40), 32 << 20);
  CHECK_FALSE(cut.error.empty());
}
