#include "analyzer/util/integrity.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "analyzer/util/base64.h"

namespace tarsier {
namespace {

struct Algorithm {
  std::string_view name;
  size_t size;   // digest length in bytes
  int strength;  // higher is stronger
};

constexpr std::array<Algorithm, 4> k_algorithms = {{
    {"sha1", 20, 1},
    {"sha256", 32, 2},
    {"sha384", 48, 3},
    {"sha512", 64, 4},
}};

const Algorithm* find_algorithm(std::string_view name) {
  for (const auto& a : k_algorithms) {
    if (a.name == name) {
      return &a;
    }
  }
  return nullptr;
}

const Algorithm* algorithm_for_hex_length(size_t length) {
  for (const auto& a : k_algorithms) {
    if (a.size * 2 == length) {
      return &a;
    }
  }
  return nullptr;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Parses one whitespace-free token; nullopt when it is not an accepted form.
std::optional<Digest> parse_token(std::string_view token) {
  size_t sep = token.find_first_of("-:=");
  if (sep == std::string_view::npos) {
    const Algorithm* a = algorithm_for_hex_length(token.size());
    auto raw = a ? from_hex(token) : std::nullopt;
    if (!raw) {
      return std::nullopt;
    }
    return Digest{std::string(a->name), std::move(*raw)};
  }
  const Algorithm* a = find_algorithm(token.substr(0, sep));
  if (!a) {
    return std::nullopt;
  }
  std::string_view value = token.substr(sep + 1);
  std::optional<std::string> raw;
  if (token[sep] == '-') {
    // SRI allows "?option" after the digest; it carries nothing we check.
    value = value.substr(0, value.find('?'));
    raw = base64_decode(value);
  } else {
    raw = from_hex(value);
  }
  if (!raw || raw->size() != a->size) {
    return std::nullopt;
  }
  return Digest{std::string(a->name), std::move(*raw)};
}

int strength_of(const Digest& d) {
  const Algorithm* a = find_algorithm(d.algorithm);
  return a ? a->strength : 0;
}

// The digests of the strongest algorithm present (possibly several).
std::vector<Digest> strongest(std::string_view integrity) {
  std::vector<Digest> all = parse_integrity(integrity);
  int best = 0;
  for (const auto& d : all) {
    best = std::max(best, strength_of(d));
  }
  std::vector<Digest> out;
  for (auto& d : all) {
    if (strength_of(d) == best) {
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::optional<std::string> raw_digest(std::string_view algorithm, std::string_view bytes) {
  if (!find_algorithm(algorithm)) {
    return std::nullopt;
  }
  const EVP_MD* md = EVP_get_digestbyname(std::string(algorithm).c_str());
  if (!md) {
    return std::nullopt;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int out_len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &out_len) != 1) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out_len);
}

// Integrity strings come from untrusted lockfiles; keep messages short.
std::string shorten(std::string_view text) {
  constexpr size_t k_max = 120;
  if (text.size() <= k_max) {
    return std::string(text);
  }
  return std::string(text.substr(0, k_max)) + "...";
}

}  // namespace

std::vector<Digest> parse_integrity(std::string_view integrity) {
  std::vector<Digest> out;
  size_t i = 0;
  while (i < integrity.size()) {
    while (i < integrity.size() && is_space(integrity[i])) {
      ++i;
    }
    size_t start = i;
    while (i < integrity.size() && !is_space(integrity[i])) {
      ++i;
    }
    if (i > start) {
      if (auto d = parse_token(integrity.substr(start, i - start))) {
        out.push_back(std::move(*d));
      }
    }
  }
  return out;
}

std::string integrity_problem(std::string_view integrity) {
  std::string unknown;
  bool any_good = false;
  size_t i = 0;
  while (i < integrity.size()) {
    while (i < integrity.size() && is_space(integrity[i])) {
      ++i;
    }
    size_t start = i;
    while (i < integrity.size() && !is_space(integrity[i])) {
      ++i;
    }
    std::string_view token = integrity.substr(start, i - start);
    if (token.empty()) {
      continue;
    }
    if (parse_token(token)) {
      any_good = true;
      continue;
    }
    size_t sep = token.find_first_of("-:=");
    if (sep != std::string_view::npos && find_algorithm(token.substr(0, sep))) {
      return "malformed " + std::string(token.substr(0, sep)) + " digest '" + shorten(token) +
             "' (wrong length or not base64/hex)";
    }
    if (unknown.empty()) {
      unknown = std::string(token);
    }
  }
  if (!any_good && !unknown.empty()) {
    return "'" + shorten(unknown) + "' is not a sha1, sha256, sha384 or sha512 digest";
  }
  return "";
}

IntegrityCheck check_integrity(std::string_view sri, std::string_view bytes, std::string* detail) {
  std::vector<Digest> expected = strongest(sri);
  if (expected.empty()) {
    if (detail) {
      *detail = "no supported hash in integrity '" + shorten(sri) + "'";
    }
    return IntegrityCheck::unsupported;
  }
  const std::string& algorithm = expected.front().algorithm;
  auto actual = raw_digest(algorithm, bytes);
  if (!actual) {
    if (detail) {
      *detail = "cannot compute " + algorithm;
    }
    return IntegrityCheck::unsupported;
  }
  for (const auto& d : expected) {
    if (d.bytes == *actual) {
      return IntegrityCheck::match;
    }
  }
  if (detail) {
    *detail = algorithm + " mismatch: expected " + algorithm + "-" +
              base64_encode(expected.front().bytes) + ", got " + algorithm + "-" +
              base64_encode(*actual);
  }
  return IntegrityCheck::mismatch;
}

std::string sri_digest(std::string_view algorithm, std::string_view bytes) {
  auto raw = raw_digest(algorithm, bytes);
  if (!raw) {
    return "";
  }
  return std::string(algorithm) + "-" + base64_encode(*raw);
}

std::string sri_sha512(std::string_view bytes) {
  return sri_digest("sha512", bytes);
}

std::string hex_digest(std::string_view algorithm, std::string_view bytes) {
  auto raw = raw_digest(algorithm, bytes);
  return raw ? to_hex(*raw) : "";
}

std::string normalize_integrity(std::string_view integrity) {
  std::vector<Digest> best = strongest(integrity);
  if (best.empty()) {
    return "";
  }
  return best.front().algorithm + "-" + base64_encode(best.front().bytes);
}

std::string integrity_cache_key(std::string_view sri) {
  std::vector<Digest> best = strongest(sri);
  if (best.empty()) {
    return "";
  }
  return best.front().algorithm + "/" + to_hex(best.front().bytes);
}

}  // namespace tarsier
