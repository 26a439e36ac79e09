#include "parsers/common/hashes.h"

#include <cctype>
#include <cstdint>
#include <vector>

namespace tarsier {

std::string sri_from_hex_digest(std::string_view digest, std::string_view algorithm) {
  std::string algo(algorithm);
  size_t sep = digest.find_first_of(":=");
  if (sep != std::string_view::npos) {
    algo = std::string(digest.substr(0, sep));
    digest = digest.substr(sep + 1);
  }
  for (char& c : algo) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  size_t expected = algo == "sha256"   ? 64
                    : algo == "sha512" ? 128
                    : algo == "sha1"   ? 40
                    : algo == "sha384" ? 96
                                       : 0;
  if (expected == 0 || digest.size() != expected) {
    return "";
  }
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < digest.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9')
        return c - '0';
      if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
      if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
      return -1;
    };
    int high = nibble(digest[i]);
    int low = nibble(digest[i + 1]);
    if (high < 0 || low < 0) {
      return "";
    }
    bytes.push_back(static_cast<uint8_t>(high * 16 + low));
  }
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = algo + "-";
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<uint32_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      chunk |= static_cast<uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size())
      chunk |= bytes[i + 2];
    out += k_alphabet[(chunk >> 18) & 63];
    out += k_alphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? k_alphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[chunk & 63] : '=';
  }
  return out;
}

void append_sri(std::string* list, const std::string& token) {
  if (token.empty()) {
    return;
  }
  // Whole-token comparison: one digest may not be a prefix of another in practice, but be exact.
  size_t start = 0;
  while (start < list->size()) {
    size_t end = list->find(' ', start);
    if (end == std::string::npos) {
      end = list->size();
    }
    if (list->compare(start, end - start, token) == 0) {
      return;
    }
    start = end + 1;
  }
  if (!list->empty()) {
    *list += ' ';
  }
  *list += token;
}

}  // namespace tarsier
