// The lexical pre-filter of one language, built from its rules' needles and run over every byte
// of a file to decide whether any rule could match it (rules/README.md, "Pre-filter"). Files it
// rejects are not parsed; `--full-parse` ignores it. It must never reject a file in which a rule
// matches: besides the needles as written it looks through what the resolver folds (pieces of a
// needle concatenated from string literals, escapes, fromCharCode/atob/chr and the like).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <re2/re2.h>

#include "analyzer/engine/language.h"
#include "analyzer/engine/rule.h"

namespace tarsier {

class Prefilter {
 public:
  // nullptr with `error` when the needles do not make a valid pattern.
  static std::unique_ptr<Prefilter> build(Lang lang, const std::vector<const QueryRule*>& rules,
                                          std::string* error);

  // True when `text` contains a needle, a needle built from string pieces, an escaped literal
  // that decodes to one, or a decoding construct the resolver can fold into one.
  bool admits(std::string_view text) const;
  // Byte offsets of the needles as written (not assembled or decoded ones), in order, at most
  // `max`: the places region analysis looks at (file_scan.h).
  std::vector<size_t> hits(std::string_view text, size_t max) const;
  const std::string& pattern() const { return m_re->pattern(); }

 private:
  // A text the resolver may assemble from pieces: a needle's literal or a decoder's name.
  struct Target {
    std::string text;
    bool open = false;  // a prefix needle: the assembled string only has to start with it
  };
  struct PieceUse {
    uint32_t target;
    bool suffix;  // a proper suffix of the target (else a proper prefix)
  };
  class Pieces;  // per-file bookkeeping of the pieces seen

  void note_piece(std::string_view piece, Pieces& seen) const;

  std::unique_ptr<RE2> m_re;        // the needles and decoder names as written
  std::unique_ptr<RE2> m_piece_re;  // a string literal that is a piece of a target
  std::unique_ptr<RE2> m_digit_re;  // a number that ends a target ("http" + 2)
  std::vector<Target> m_targets;
  std::unordered_map<std::string, std::vector<PieceUse>> m_pieces;
  std::unordered_set<std::string> m_exact;  // q: needles, also node:-prefixed
};

}  // namespace tarsier
