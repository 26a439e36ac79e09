#include "analyzer/engine/prefilter.h"

#include <set>

namespace tarsier {

namespace {

// Constructs whose value the resolver can fold into a string that is not spelled out in the
// source; a file containing one must be parsed even when no needle occurs literally.
std::string synthesis_markers(Lang lang) {
  std::string common = R"(\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F{]|\\[0-7]{3}|base64|['"]hex['"])";
  if (lang == Lang::python) {
    return common +
           R"(|\\U[0-9a-fA-F]{8}|\\N\{|chr\s*\(|fromhex|b64decode|b32decode|unhexlify|codecs|rot)";
  }
  if (lang == Lang::bash) {
    return common + R"(|\$'|base64|xxd|printf)";
  }
  return common + R"(|fromCharCode|atob|fromCodePoint)";
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

// Needle kinds (rules/README.md, "Pre-filter"):
//   WORD    WORD where a word starts, not followed by "://" (so URLs do not count for "http")
//   q:TEXT  TEXT as a whole string literal, optionally prefixed by "node:"
//   re:RE   an RE2 regex
// WORD and q:TEXT also admit their pieces being concatenated.
std::string build_gate(const std::vector<const QueryRule*>& rules) {
  std::set<std::string> words, quoted, prefixes1, prefixes2, regexes;
  for (const auto* r : rules) {
    for (const auto& n : r->needles) {
      if (n.rfind("re:", 0) == 0) {
        regexes.insert(n.substr(3));
        continue;
      }
      std::string text = n;
      if (n.rfind("q:", 0) == 0) {
        text = n.substr(2);
        quoted.insert(text);
      } else {
        words.insert(text);
      }
      for (size_t len = 1; len < text.size(); ++len) {
        (len == 1 ? prefixes1 : prefixes2).insert(text.substr(0, len));
      }
    }
  }
  auto alternation = [](const std::set<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
      out += (out.empty() ? "" : "|") + RE2::QuoteMeta(s);
    }
    return out;
  };
  std::vector<std::string> alternatives;
  std::set<std::string> plain_words, plain_tail;
  for (const auto& w : words) {
    // A word boundary only makes sense where the needle itself starts with a word character.
    (is_word_char(w.front()) ? plain_words : plain_tail).insert(w);
  }
  if (!plain_words.empty()) {
    alternatives.push_back(R"(\b(?:)" + alternation(plain_words) + R"()(?:[^:]|:[^/]|$))");
  }
  if (!plain_tail.empty()) {
    alternatives.push_back(alternation(plain_tail));
  }
  const std::string quote = R"(['"`])";
  if (!quoted.empty()) {
    alternatives.push_back(quote + "(?:node:)?(?:" + alternation(quoted) + ")" + quote);
  }
  for (const auto& r : regexes) {
    alternatives.push_back("(?:" + r + ")");
  }
  // A piece of a needle as a whole string literal followed by '+' (direct concatenation) or,
  // for pieces of two or more characters, by a separator (array element, bound constant).
  std::set<std::string> all_prefixes = prefixes1;
  all_prefixes.insert(prefixes2.begin(), prefixes2.end());
  if (!all_prefixes.empty()) {
    alternatives.push_back(quote + "(?:" + alternation(all_prefixes) + ")" + quote + R"(\s*\+)");
  }
  if (!prefixes2.empty()) {
    alternatives.push_back(quote + "(?:" + alternation(prefixes2) + ")" + quote +
                           R"(\s*[,;)\]\r\n+])");
  }
  std::string re;
  for (const auto& a : alternatives) {
    re += (re.empty() ? "" : "|") + a;
  }
  return re.empty() ? std::string(R"([^\s\S])") : re;
}

}  // namespace

std::unique_ptr<Prefilter> Prefilter::build(Lang lang, const std::vector<const QueryRule*>& rules,
                                            std::string* error) {
  RE2::Options options;
  options.set_max_mem(64 << 20);
  options.set_log_errors(false);
  auto out = std::make_unique<Prefilter>();
  out->m_re = std::make_unique<RE2>(build_gate(rules) + "|" + synthesis_markers(lang), options);
  if (!out->m_re->ok()) {
    *error = "cannot build the " + std::string(lang_name(lang)) +
             " pre-filter from the rules' needles: " + out->m_re->error();
    return nullptr;
  }
  return out;
}

bool Prefilter::admits(std::string_view text) const {
  return RE2::PartialMatch(text, *m_re);
}

}  // namespace tarsier
