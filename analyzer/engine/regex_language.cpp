#include "analyzer/engine/regex_language.h"

#include <cctype>

#include <re2/re2.h>

namespace tarsier {

namespace {

using Strings = std::vector<std::string>;

// Recursive descent over the plain subset of regex syntax, producing the language as a set of
// strings. Nesting is bounded (rules are trusted, but a rules directory can come from disk).
class Enumerator {
 public:
  Enumerator(std::string_view re, size_t limit) : m_re(re), m_limit(limit) {}

  // alternatives := sequence ("|" sequence)*
  std::optional<Strings> alternatives(int depth) {
    if (depth > 32) {
      return std::nullopt;
    }
    Strings out;
    for (;;) {
      auto seq = sequence(depth);
      if (!seq) {
        return std::nullopt;
      }
      out.insert(out.end(), seq->begin(), seq->end());
      if (out.size() > m_limit) {
        return std::nullopt;
      }
      if (m_pos < m_re.size() && m_re[m_pos] == '|') {
        ++m_pos;
        continue;
      }
      return out;
    }
  }

  size_t pos() const { return m_pos; }

 private:
  // sequence := (atom "?"?)*, ending before "|", ")" or the final "$".
  std::optional<Strings> sequence(int depth) {
    Strings out{""};
    while (m_pos < m_re.size()) {
      char c = m_re[m_pos];
      if (c == '|' || c == ')' || (c == '$' && m_pos + 1 == m_re.size())) {
        break;
      }
      auto item = atom(depth);
      if (!item) {
        return std::nullopt;
      }
      if (m_pos < m_re.size() && m_re[m_pos] == '?') {
        ++m_pos;
        item->push_back("");
      }
      Strings next;
      if (out.size() * item->size() > m_limit) {
        return std::nullopt;
      }
      for (const auto& a : out) {
        for (const auto& b : *item) {
          next.push_back(a + b);
        }
      }
      out = std::move(next);
    }
    return out;
  }

  // atom := literal | "\" punctuation | "(" ["?:"] alternatives ")"
  std::optional<Strings> atom(int depth) {
    char c = m_re[m_pos];
    if (c == '(') {
      ++m_pos;
      if (m_re.substr(m_pos, 1) == "?") {
        if (m_re.substr(m_pos, 2) != "?:") {
          return std::nullopt;
        }
        m_pos += 2;
      }
      auto inner = alternatives(depth + 1);
      if (!inner || m_pos >= m_re.size() || m_re[m_pos] != ')') {
        return std::nullopt;
      }
      ++m_pos;
      return inner;
    }
    if (c == '\\') {
      if (m_pos + 1 >= m_re.size()) {
        return std::nullopt;
      }
      char e = m_re[m_pos + 1];
      // Escaped punctuation is that character; letters and digits are classes or codes.
      if (static_cast<unsigned char>(e) >= 0x80 || !std::ispunct(static_cast<unsigned char>(e))) {
        return std::nullopt;
      }
      m_pos += 2;
      return Strings{std::string(1, e)};
    }
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
        std::string_view("^$.|?*+()[]{}").find(c) != std::string_view::npos) {
      return std::nullopt;
    }
    ++m_pos;
    return Strings{std::string(1, c)};
  }

  std::string_view m_re;
  size_t m_limit;
  size_t m_pos = 0;
};

}  // namespace

std::optional<std::vector<std::string>> finite_language(std::string_view regex, size_t limit) {
  // Both anchors, and no alternative at the top level: "^a|b$" is "(^a)|(b$)".
  if (regex.size() < 2 || regex.front() != '^' || regex.back() != '$') {
    return std::nullopt;
  }
  std::string_view body = regex.substr(1);
  Enumerator e(body, limit);
  auto out = e.alternatives(0);
  if (!out || e.pos() + 1 != body.size()) {
    return std::nullopt;
  }
  // A "|" outside any group splits the anchors' scope: not this subset.
  int depth = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\') {
      ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return std::nullopt;
    }
  }
  // Every enumerated string must match (a cheap check of the enumerator itself).
  RE2 re(regex);
  for (const auto& s : *out) {
    if (!re.ok() || !RE2::FullMatch(s, re)) {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace tarsier
