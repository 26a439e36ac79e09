// Typosquat check of a package name against the popular names of its ecosystem
// (rules/data/popular-npm.txt, popular-pypi.txt): one edit or one adjacent swap away, the same
// name with separators changed or removed, or a popular unscoped name under a foreign scope.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/engine/ruleset.h"

namespace tarsier {

struct TyposquatHit {
  std::string popular;  // the name imitated
  std::string how;      // "one edit", "adjacent swap", "separator", "scope"
};

std::optional<TyposquatHit> check_typosquat(const std::string& name,
                                            const std::vector<DataEntry>& popular);

// Optimal-string-alignment distance (edits plus adjacent swaps), stopping above `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace tarsier
