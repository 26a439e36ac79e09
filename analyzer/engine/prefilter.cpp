#include "analyzer/engine/prefilter.h"

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/engine/escaped_runs.h"

namespace tarsier {

namespace {

// Needle kinds (rules/README.md, "Pre-filter"):
//   NAME    NAME as a whole word, not followed by "://" (so URLs do not count for "http")
//   NAME*   NAME where a word starts (writeFile* also fires on writeFileSync)
//   NAME()  NAME as a whole value: called, constructed or aliased (see add_values)
//   q:TEXT  TEXT as a whole string literal, optionally prefixed by "node:"
//   re:RE   an RE2 regex
enum class Kind { word, prefix, value, quoted, regex };

struct Needle {
  Kind kind;
  std::string text;
};

Needle parse_needle(const std::string& n) {
  auto ends_with = [&](std::string_view s) {
    return n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0;
  };
  if (n.rfind("re:", 0) == 0) {
    return {Kind::regex, n.substr(3)};
  }
  if (n.rfind("q:", 0) == 0) {
    return {Kind::quoted, n.substr(2)};
  }
  if (ends_with("()")) {
    return {Kind::value, n.substr(0, n.size() - 2)};
  }
  if (ends_with("*")) {
    return {Kind::prefix, n.substr(0, n.size() - 1)};
  }
  return {Kind::word, n};
}

// The functions through which the resolver turns other data into a string (String.fromCharCode,
// atob, Buffer.from(.., 'base64' | 'hex'); chr, base64 and hex decoding in Python). A file using
// one must be parsed, and their names may themselves be assembled from pieces.
std::vector<std::string> decoder_needles(Lang lang) {
  if (lang == Lang::python) {
    return {"chr()",     "b64decode()", "decodebytes()", "urlsafe_b64decode()",
            "fromhex()", "unhexlify()"};
  }
  if (lang == Lang::bash) {
    return {};  // the shell resolver takes words as written
  }
  return {"fromCharCode()", "atob()", "q:base64", "q:hex"};
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string alternation(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : "|") + RE2::QuoteMeta(s);
  }
  return out;
}

// What may follow a needle of each kind. A whole word ends where no word character follows.
const char* k_after_word = R"((?:[^A-Za-z0-9_:]|:[^/]|:?$))";
const char* k_after_prefix = R"((?:[^:]|:[^/]|:?$))";

void add_words(const std::set<std::string>& words, const char* after,
               std::vector<std::string>* alternatives) {
  std::set<std::string> bounded, unbounded;
  for (const auto& w : words) {
    // A word boundary only makes sense where the needle itself starts with a word character.
    (is_word_char(w.front()) ? bounded : unbounded).insert(w);
  }
  if (!bounded.empty()) {
    alternatives->push_back(R"(\b(?:)" + alternation(bounded) + ")" + after);
  }
  if (!unbounded.empty()) {
    alternatives->push_back("(?:" + alternation(unbounded) + ")" + after);
  }
}

// NAME() needles: the places where NAME can be the whole value of a callee, a constructor or an
// alias, so that a path resolves to exactly NAME (or ends with it): called (also a tagged
// template, `?.(`, `!(`, `<T>(`), after `new`, a complete value before `; , ) } ]` or a line end
// (`const h = os.hostname;`, `(0, eval)`) unless a type annotation or union precedes it
// (`cb: Function)`, `A | Function;`), renamed (`{eval: e} = g`, `import {x as y}`), or a string
// key (`g['eval']`, `g['os.hostname']`). Not: `Function.prototype`, `{Function}` in a comment.
void add_values(const std::set<std::string>& names, std::vector<std::string>* alternatives) {
  if (names.empty()) {
    return;
  }
  std::string alts = "(?:" + alternation(names) + ")";
  alternatives->push_back(R"(\b)" + alts + R"(\s*(?:\?\.\s*\(|!\s*\(|[(`<]))");
  alternatives->push_back(R"(\bnew\s+)" + alts + R"(\b)");
  alternatives->push_back(R"((?:^|[^:|&{<\s])\s*\b)" + alts + R"([ \t]*(?:[;,)}\]\r\n]|$))");
  alternatives->push_back(R"([{,]\s*)" + alts + R"(\s*:)");
  alternatives->push_back(R"(\b)" + alts + R"([ \t]+as\b)");
  alternatives->push_back(R"([.'"`])" + alts + R"(['"`])");
}

std::unique_ptr<RE2> compile(const std::string& pattern) {
  RE2::Options options;
  options.set_max_mem(64 << 20);
  options.set_log_errors(false);
  return std::make_unique<RE2>(pattern, options);
}

}  // namespace

// The pieces of each target seen in one file: the shortest proper prefix and suffix found as a
// whole string literal. A concatenation P1 + ... + Pk equal to a target has a first piece that
// is a proper prefix and a last piece that is a proper suffix, together no longer than it.
class Prefilter::Pieces {
 public:
  explicit Pieces(size_t n) : m_prefix(n, k_none), m_suffix(n, k_none) {}
  bool complete() const { return m_complete; }
  bool has_open_prefix() const { return m_open_prefix; }
  void note(const Target& t, uint32_t index, bool suffix, size_t len) {
    auto& best = suffix ? m_suffix[index] : m_prefix[index];
    best = std::min(best, static_cast<uint32_t>(len));
    if (m_prefix[index] == k_none) {
      return;
    }
    m_open_prefix = true;
    if (t.open ||
        (m_suffix[index] != k_none && m_prefix[index] + m_suffix[index] <= t.text.size())) {
      m_complete = true;
    }
  }

 private:
  static constexpr uint32_t k_none = UINT32_MAX;
  std::vector<uint32_t> m_prefix, m_suffix;
  bool m_complete = false;
  bool m_open_prefix = false;  // some target has a prefix still waiting for its suffix
};

namespace {

// One regex that matches any needle: words and prefixes at word boundaries, values, quoted
// module names (with or without "node:"), and the rules' own regexes.
std::string needle_regex(std::map<Kind, std::set<std::string>>& by_kind) {
  std::vector<std::string> alternatives;
  add_words(by_kind[Kind::word], k_after_word, &alternatives);
  add_words(by_kind[Kind::prefix], k_after_prefix, &alternatives);
  add_values(by_kind[Kind::value], &alternatives);
  const std::string quote = R"(['"`])";
  if (!by_kind[Kind::quoted].empty()) {
    alternatives.push_back(quote + "(?:node:)?(?:" + alternation(by_kind[Kind::quoted]) + ")" +
                           quote);
  }
  for (const auto& r : by_kind[Kind::regex]) {
    alternatives.push_back("(?:" + r + ")");
  }
  std::string re;
  for (const auto& a : alternatives) {
    re += (re.empty() ? "" : "|") + a;
  }
  return re;
}

}  // namespace

std::unique_ptr<Prefilter> Prefilter::build(Lang lang, const std::vector<const QueryRule*>& rules,
                                            std::string* error) {
  std::vector<std::string> all = decoder_needles(lang);
  for (const auto* r : rules) {
    all.insert(all.end(), r->needles.begin(), r->needles.end());
  }
  std::map<Kind, std::set<std::string>> by_kind;
  std::map<std::string, bool> targets;  // text -> open
  for (const auto& raw : all) {
    Needle n = parse_needle(raw);
    if (n.text.empty()) {
      *error = "empty needle '" + raw + "' in a " + std::string(lang_name(lang)) + " rule";
      return nullptr;
    }
    by_kind[n.kind].insert(n.text);
    if (n.kind == Kind::regex) {
      continue;
    }
    targets[n.text] = targets[n.text] || n.kind == Kind::prefix;
    if (n.kind == Kind::quoted) {
      targets.emplace("node:" + n.text, false);
    }
  }

  std::string re = needle_regex(by_kind);
  const std::string quote = R"(['"`])";
  auto out = std::unique_ptr<Prefilter>(new Prefilter());
  out->m_re = compile(re.empty() ? std::string(R"([^\s\S])") : re);
  if (!out->m_re->ok()) {
    *error = "cannot build the " + std::string(lang_name(lang)) +
             " pre-filter from the rules' needles: " + out->m_re->error();
    return nullptr;
  }
  for (const auto& q : by_kind[Kind::quoted]) {
    out->m_exact.insert(q);
    out->m_exact.insert("node:" + q);
  }

  std::set<std::string> pieces, digit_pieces;
  for (const auto& [text, open] : targets) {
    auto index = static_cast<uint32_t>(out->m_targets.size());
    out->m_targets.push_back({text, open});
    for (size_t len = 1; len < text.size(); ++len) {
      std::string prefix = text.substr(0, len);
      out->m_pieces[prefix].push_back({index, false});
      pieces.insert(prefix);
      if (!open) {
        std::string suffix = text.substr(text.size() - len);
        out->m_pieces[suffix].push_back({index, true});
        pieces.insert(suffix);
        if (suffix.find_first_not_of("0123456789") == std::string::npos) {
          digit_pieces.insert(suffix);
        }
      }
    }
  }
  if (!pieces.empty()) {
    out->m_piece_re = compile(quote + "(" + alternation(pieces) + ")" + quote);
  }
  if (!digit_pieces.empty()) {
    out->m_digit_re =
        compile("(?:^|[^A-Za-z0-9_$.])(" + alternation(digit_pieces) + ")(?:[^A-Za-z0-9_.]|$)");
  }
  if ((out->m_piece_re && !out->m_piece_re->ok()) || (out->m_digit_re && !out->m_digit_re->ok())) {
    *error = "cannot build the " + std::string(lang_name(lang)) +
             " pre-filter's piece patterns from the rules' needles";
    return nullptr;
  }
  return out;
}

void Prefilter::note_piece(std::string_view piece, Pieces& seen) const {
  auto it = m_pieces.find(std::string(piece));
  if (it == m_pieces.end()) {
    return;
  }
  for (const auto& use : it->second) {
    seen.note(m_targets[use.target], use.target, use.suffix, piece.size());
  }
}

bool Prefilter::admits(std::string_view text) const {
  if (RE2::PartialMatch(text, *m_re)) {
    return true;
  }
  Pieces seen(m_targets.size());
  // A literal with escapes counts by its decoded text: a needle in it, or a piece of one.
  bool decoded_hit = any_escaped_run(text, [&](std::string_view decoded) {
    if (RE2::PartialMatch(decoded, *m_re) || m_exact.count(std::string(decoded)) != 0) {
      return true;
    }
    note_piece(decoded, seen);
    return seen.complete();
  });
  if (decoded_hit) {
    return true;
  }
  if (m_piece_re) {
    re2::StringPiece rest(text.data(), text.size());
    re2::StringPiece piece;
    while (!seen.complete() && RE2::FindAndConsume(&rest, *m_piece_re, &piece)) {
      note_piece(std::string_view(piece.data(), piece.size()), seen);
    }
  }
  // A number can end a target whose name ends in digits ("http" + 2, "base" + 64).
  if (!seen.complete() && seen.has_open_prefix() && m_digit_re) {
    re2::StringPiece rest(text.data(), text.size());
    re2::StringPiece digits;
    while (!seen.complete() && RE2::FindAndConsume(&rest, *m_digit_re, &digits)) {
      note_piece(std::string_view(digits.data(), digits.size()), seen);
    }
  }
  return seen.complete();
}

std::vector<size_t> Prefilter::hits(std::string_view text, size_t max) const {
  std::vector<size_t> out;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  size_t pos = 0;
  while (out.size() < max && pos < text.size() &&
         m_re->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    size_t at = static_cast<size_t>(match.data() - text.data());
    out.push_back(at);
    pos = std::max(at + match.size(), at + 1);
  }
  return out;
}

}  // namespace tarsier
