// Where a source file's comments are: lexical detectors (lexical_scan.cpp) skip what only a
// comment says, since a comment naming `/etc/passwd` or a URL is not behaviour. One linear pass
// that knows strings, template literals and regular expression literals (JavaScript) and string
// literals (Python), so `"//"` or `/\/*/` do not open a comment.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/engine/language.h"

namespace tarsier {

class CommentRanges {
 public:
  // Comments of `source` in `lang`; none for shell scripts, manifests and unknown languages.
  CommentRanges(std::string_view source, std::optional<Lang> lang);

  // Whether byte `offset` lies inside a comment.
  bool contains(size_t offset) const;

  const std::vector<std::pair<size_t, size_t>>& ranges() const { return ranges_; }

 private:
  std::vector<std::pair<size_t, size_t>> ranges_;  // [begin, end), sorted, disjoint
};

}  // namespace tarsier
