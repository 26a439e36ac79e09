// The lexical pre-filter of one language: one RE2 built from its rules' needles, run over every
// byte of a file to decide whether any rule could match it (rules/README.md, "Pre-filter").
// Files it rejects are not parsed; `--full-parse` ignores it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
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

  // True when `text` contains a needle, a piece of one being concatenated, or an escape or
  // decoding construct the resolver can fold into one.
  bool admits(std::string_view text) const;
  const std::string& pattern() const { return m_re->pattern(); }

 private:
  std::unique_ptr<RE2> m_re;
};

}  // namespace tarsier
