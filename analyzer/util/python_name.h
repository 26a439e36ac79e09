// Python project names as package indexes key them (PEP 503). parsers/ has its own copy for the
// lockfile formats; registry code may not depend on parsers/, so the rule lives here too.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// PEP 503 normalisation: lower case, every run of '-', '_' and '.' becomes one '-'.
std::string normalize_project_name(std::string_view name);

// True for a name PEP 508 allows: ASCII letters, digits, '-', '_', '.', alphanumeric at both
// ends, at most 200 characters.
bool is_valid_project_name(std::string_view name);

}  // namespace tarsier
