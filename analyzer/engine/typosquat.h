// Typosquat check of a package name against the popular names of its ecosystem
// (rules/data/popular-npm.txt, popular-pypi.txt, built by ci/popular/build.sh): one edit or one
// adjacent swap away, the same name with separators changed or removed, look-alike characters
// (homoglyphs: `rn` for `m`, `0` for `o`, Cyrillic letters), and scope confusion (one of the
// 1,000 most popular unscoped names, 8 characters or more, under a foreign scope; a scoped name
// under a near or glued scope such as `@typesnode/node` or `types-node` for `@types/node`). A
// popular name never matches itself; names in the same scope, and names that differ only in digits
// (mysql and mysql2), do not imitate each other.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/engine/ruleset.h"

namespace tarsier {

struct TyposquatHit {
  std::string popular;  // the name imitated
  std::string how;      // "one edit", "adjacent swap", "separator", "homoglyph", "scope"
};

// `python_names`: compare PEP 503-normalised names (PyPI), so `PyYAML` is `pyyaml` itself.
std::optional<TyposquatHit> check_typosquat(const std::string& name,
                                            const std::vector<DataEntry>& popular,
                                            bool python_names = false);

// Optimal-string-alignment distance (edits plus adjacent swaps), stopping above `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit);

// The name with look-alike characters folded to one spelling (`rn` → `m`, `0` → `o`, Cyrillic
// `а` → `a`, ...), lower-cased, separators kept.
std::string homoglyph_skeleton(std::string_view name);

}  // namespace tarsier
