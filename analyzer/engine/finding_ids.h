// Every id a finding can carry, for checking the policy file's `rule:`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

// The ids of the rules in `rules_dir` (the built-in rules when empty): query rules, text patterns,
// threats ("threat-<id>") and the ids the code emits itself (analyzer/core/finding_ids.h); sorted.
// Cheap: nothing is compiled. An error when the rules do not load.
Result<std::vector<std::string>> finding_ids(const std::string& rules_dir);

}  // namespace tarsier
