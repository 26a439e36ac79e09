#include <catch2/catch.hpp>

#include "analyzer/util/base64.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/url.h"

using namespace tarsier;

namespace {

// Known digests of "hello\n" (as printed by sha*sum and `openssl dgst -binary | base64`).
constexpr const char* k_hello = "hello\n";
constexpr const char* k_hello_sha1 = "f572d396fae9206628714fb2ce00f72e94f2258f";
constexpr const char* k_hello_sha256 =
    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

}  // namespace

TEST_CASE("base64 round-trips and rejects bad input", "[util][integrity]") {
  REQUIRE(base64_encode("") == "");
  REQUIRE(base64_encode("f") == "Zg==");
  REQUIRE(base64_encode("fo") == "Zm8=");
  REQUIRE(base64_encode("foo") == "Zm9v");
  REQUIRE(base64_encode("user:pass") == "dXNlcjpwYXNz");
  REQUIRE(base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  REQUIRE(base64_decode("Zm9vYg") == std::optional<std::string>("foob"));
  REQUIRE_FALSE(base64_decode("Zm9v!g==").has_value());
  REQUIRE_FALSE(base64_decode("Z").has_value());
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all += static_cast<char>(i);
  }
  REQUIRE(base64_decode(base64_encode(all)) == std::optional<std::string>(all));
  REQUIRE(to_hex("\x01\xab") == "01ab");
  REQUIRE(from_hex("01AB") == std::optional<std::string>("\x01\xab"));
  REQUIRE_FALSE(from_hex("0g").has_value());
  REQUIRE_FALSE(from_hex("abc").has_value());
}

TEST_CASE("hex_digest and sri_sha512 match known values", "[util][integrity]") {
  REQUIRE(hex_digest("sha1", k_hello) == k_hello_sha1);
  REQUIRE(hex_digest("sha256", k_hello) == k_hello_sha256);
  REQUIRE(hex_digest("md5", k_hello) == "");
  REQUIRE(sri_sha512("") ==
          "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/"
          "SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==");
  REQUIRE(sri_digest("sha256", k_hello) == "sha256-" + base64_encode(*from_hex(k_hello_sha256)));
}

TEST_CASE("check_integrity accepts every documented form", "[util][integrity]") {
  std::string data = "some tarball bytes";
  std::string sha512 = sri_sha512(data);
  std::string sha256 = sri_digest("sha256", data);
  std::string sha384 = sri_digest("sha384", data);
  std::string sha1 = sri_digest("sha1", data);
  std::string hex256 = hex_digest("sha256", data);
  std::string detail;

  for (const std::string& form :
       {sha512, sha384, sha256, sha1, sha512 + "?foo=bar", "sha256:" + hex256, "sha256=" + hex256,
        "SHA256:" + hex256 /* not accepted: algorithm names are lower-case */, hex256,
        hex_digest("sha1", data), "  " + sha512 + "\n"}) {
    INFO(form);
    IntegrityCheck expected =
        form.starts_with("SHA256") ? IntegrityCheck::unsupported : IntegrityCheck::match;
    REQUIRE(check_integrity(form, data, &detail) == expected);
  }
  REQUIRE(check_integrity(sha512, data + "x", &detail) == IntegrityCheck::mismatch);
  REQUIRE(detail.find("sha512 mismatch: expected " + sha512) == 0);
  REQUIRE(check_integrity("sha256:" + hex256, "other", &detail) == IntegrityCheck::mismatch);
}

TEST_CASE("the strongest algorithm decides", "[util][integrity]") {
  std::string data = "payload";
  std::string wrong_sha1 = sri_digest("sha1", "other");
  std::string wrong_sha512 = sri_sha512("other");
  // A matching sha512 wins over a wrong sha1 ...
  REQUIRE(check_integrity(wrong_sha1 + " " + sri_sha512(data), data, nullptr) ==
          IntegrityCheck::match);
  // ... and a wrong sha512 is a mismatch even when the weaker sha1 matches.
  REQUIRE(check_integrity(sri_digest("sha1", data) + " " + wrong_sha512, data, nullptr) ==
          IntegrityCheck::mismatch);
  // Several digests of the strongest algorithm: any one matching is enough.
  REQUIRE(check_integrity(wrong_sha512 + " " + sri_sha512(data), data, nullptr) ==
          IntegrityCheck::match);
  REQUIRE(normalize_integrity(sri_digest("sha1", data) + " " + sri_sha512(data)) ==
          sri_sha512(data));
}

TEST_CASE("unsupported and malformed integrity strings", "[util][integrity]") {
  std::string detail;
  for (const char* bad : {"", "   ", "md5-1B2M2Y8AsgTpgAmY7PhCfg==", "sha512-", "sha512-abc",
                          "sha512-!!!!", "10c0/abcdef", "sha256:xyz", "abc"}) {
    INFO(bad);
    REQUIRE(check_integrity(bad, "x", &detail) == IntegrityCheck::unsupported);
    REQUIRE(integrity_cache_key(bad) == "");
    REQUIRE(normalize_integrity(bad) == "");
  }
  REQUIRE(detail.find("no supported hash") != std::string::npos);
  // A malformed token next to a good one is skipped, not fatal.
  std::string good = sri_sha512("x");
  REQUIRE(check_integrity("sha512-broken " + good, "x", nullptr) == IntegrityCheck::match);
}

TEST_CASE("integrity_cache_key names the strongest hash in hex", "[util][integrity]") {
  std::string data = "abc";
  REQUIRE(integrity_cache_key(sri_sha512(data)) == "sha512/" + hex_digest("sha512", data));
  REQUIRE(integrity_cache_key(sri_digest("sha1", data) + " " + sri_digest("sha256", data)) ==
          "sha256/" + hex_digest("sha256", data));
  REQUIRE(integrity_cache_key("sha1:" + hex_digest("sha1", data)) ==
          "sha1/" + hex_digest("sha1", data));
  // npm's dist.shasum (hex sha1) becomes an SRI token.
  REQUIRE(normalize_integrity(k_hello_sha1) == sri_digest("sha1", k_hello));
}

TEST_CASE("url helpers", "[util][url]") {
  REQUIRE(is_http_url("http://127.0.0.1:8080/"));
  REQUIRE(is_http_url("HTTPS://registry.example.test/npm/"));
  REQUIRE_FALSE(is_http_url("ftp://registry.example.test/"));
  REQUIRE_FALSE(is_http_url("file:///etc/passwd"));
  REQUIRE_FALSE(is_http_url("https:///path"));
  REQUIRE_FALSE(is_http_url("https://host/a b"));
  REQUIRE_FALSE(is_http_url("registry.example.test"));
  REQUIRE(redact_url("https://user:secret@registry.example.test/x") ==
          "https://registry.example.test/x");
  REQUIRE(url_file_name("https://registry.example.test/a/-/a-1.0.0.tgz?x=1#sha") == "a-1.0.0.tgz");
}
