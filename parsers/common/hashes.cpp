#include "parsers/common/hashes.h"

#include "analyzer/util/ascii.h"
#include "analyzer/util/base64.h"

namespace tarsier {

std::string sri_from_hex_digest(std::string_view digest, std::string_view algorithm) {
  std::string algo(algorithm);
  size_t sep = digest.find_first_of(":=");
  if (sep != std::string_view::npos) {
    algo = std::string(digest.substr(0, sep));
    digest = digest.substr(sep + 1);
  }
  algo = ascii_lower(algo);
  size_t expected = algo == "sha256"   ? 64
                    : algo == "sha512" ? 128
                    : algo == "sha1"   ? 40
                    : algo == "sha384" ? 96
                                       : 0;
  if (expected == 0 || digest.size() != expected) {
    return "";
  }
  auto bytes = from_hex(digest);
  return bytes ? algo + "-" + base64_encode(*bytes) : "";
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
