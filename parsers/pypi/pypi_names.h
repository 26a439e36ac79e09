// Python package name helpers shared by the Python lockfile formats: PEP 503 normalisation and
// PEP 508 name validation.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// PEP 503: lower case, runs of '-', '_' and '.' become one '-'.
std::string pep503_normalize(std::string_view name);

// True for a valid PEP 508 project name (letters, digits, '-', '_', '.'; alphanumeric ends).
bool valid_python_name(std::string_view name);

}  // namespace tarsier
