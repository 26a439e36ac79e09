// "Did you mean": the candidate closest to a misspelled word, for option names and ids.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

// Edit distance (insertions, deletions, substitutions).
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a typo (at most a third of the
// word, at least 2 edits, apart), else "".
std::string closest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tarsier
