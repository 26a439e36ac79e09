// The finite languages of simple regexes. Rule regexes such as
// "^(fs|fs/promises)\\.(promises\\.)?(chmod|chmodSync)$" match a handful of strings; knowing them
// lets a predicate test set membership instead of running RE2, and lets the query pass reject a
// callee from its last member alone (path_guard.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

// Every string `regex` matches (RE2 search semantics) when that is a finite set written plainly:
// "^", then literal characters, escaped punctuation ("\\."), groups ("(...)", "(?:...)") of
// alternatives ("|") and optional items ("?"), then "$". nullopt for anything else, or for
// more than `limit` strings.
std::optional<std::vector<std::string>> finite_language(std::string_view regex,
                                                        size_t limit = 4096);

}  // namespace tarsier
