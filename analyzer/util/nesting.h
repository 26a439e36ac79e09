// Nesting bounds for YAML and TOML text, checked before a library builds a tree from it:
// yaml-cpp parses nested nodes recursively and toml++ frees nested tables recursively, so a
// crafted file a few megabytes long ("[[[[..." or "a.a.a.a... = 1") would exhaust the stack.
// Each scan is one linear pass over the text, without building anything.
#pragma once

#include <cstddef>
#include <string_view>

namespace tarsier {

// Deepest nesting accepted in a YAML or TOML lockfile or policy file; real ones stay below 10.
inline constexpr size_t k_yaml_max_depth = 256;
inline constexpr size_t k_toml_max_key_parts = 128;

// The offset of the first line where block indentation levels, compact "- " entries and flow
// brackets together nest deeper than `max_depth`; npos when the text stays within it.
size_t yaml_depth_violation(std::string_view text, size_t max_depth = k_yaml_max_depth);

// The offset of the first line whose table header or keys have more than `max_parts` dotted
// parts or whose brackets nest deeper than that; npos when none does.
size_t toml_depth_violation(std::string_view text, size_t max_parts = k_toml_max_key_parts);

}  // namespace tarsier
