#include "analyzer/core/finding_identity.h"

#include <cstdint>

namespace tarsier {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

// Length of a dotted version at `at` ("1.2.3", "10.0"), 0 when there is none.
size_t version_length(std::string_view text, size_t at) {
  size_t i = at, numbers = 0;
  while (i < text.size() && is_digit(text[i])) {
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    ++numbers;
    if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return numbers >= 2 ? i - at : 0;
}

// Length of a hash-like run at `at` bounded by non-word characters, 0 when there is none.
size_t hash_length(std::string_view text, size_t at) {
  size_t i = at;
  bool digit = false;
  while (i < text.size() && is_hex(text[i])) {
    digit = digit || is_digit(text[i]);
    ++i;
  }
  bool bounded = i == text.size() || !is_word(text[i]);
  return digit && bounded && i - at >= 8 ? i - at : 0;
}

uint64_t fnv1a(std::string_view text) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string hex64(uint64_t value) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = k_digits[value & 0xf];
    value >>= 4;
  }
  return out;
}

// Digits in a message (sizes, counts, line numbers) as 0.
std::string normalize_digits(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (is_digit(text[i])) {
      while (i + 1 < text.size() && is_digit(text[i + 1])) {
        ++i;
      }
      out += '0';
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool is_threat_rule(std::string_view rule) {
  return rule.rfind("threat-", 0) == 0;
}

std::string normalize_package_path(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size();) {
    bool at_start = i == 0 || !is_word(path[i - 1]) || path[i - 1] == 'v';
    if (at_start && is_digit(path[i])) {
      if (size_t n = version_length(path, i); n > 0) {
        if (!out.empty() && out.back() == 'v' &&
            (out.size() == 1 || !is_word(out[out.size() - 2]))) {
          out.pop_back();
        }
        out += "{v}";
        i += n;
        continue;
      }
    }
    if ((i == 0 || !is_word(path[i - 1])) && is_hex(path[i])) {
      if (size_t n = hash_length(path, i); n > 0) {
        out += "{h}";
        i += n;
        continue;
      }
    }
    out += path[i++];
  }
  return out;
}

std::string normalize_snippet(std::string_view snippet) {
  std::string out;
  for (size_t i = 0; i < snippet.size();) {
    char c = snippet[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (is_digit(c)) {
      while (i < snippet.size() && (is_word(snippet[i]) || snippet[i] == '.')) {
        ++i;
      }
      out += '0';
    } else if (is_word(c)) {
      size_t start = i;
      while (i < snippet.size() && is_word(snippet[i])) {
        ++i;
      }
      out += i - start <= 2 ? std::string_view("_") : snippet.substr(start, i - start);
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string finding_code_key(const Finding& finding) {
  if (is_threat_rule(finding.rule)) {
    return finding.rule;
  }
  std::string code = finding.snippet.empty() ? normalize_digits(finding.message)
                                             : normalize_snippet(finding.snippet);
  return finding.rule + '\n' + code;
}

std::string finding_fingerprint(const Finding& finding) {
  std::string key = finding.rule + '\n' + normalize_package_path(finding.file) + '\n';
  if (!is_threat_rule(finding.rule)) {
    key += finding_code_key(finding);
  }
  return hex64(fnv1a(key));
}

}  // namespace tarsier
