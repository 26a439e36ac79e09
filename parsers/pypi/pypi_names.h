// Python package name and hash helpers shared by the Python lockfile formats: PEP 503 name
// normalisation and "sha256:<hex>" -> SRI conversion.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// PEP 503: lower case, runs of '-', '_' and '.' become one '-'.
std::string pep503_normalize(std::string_view name);

// True for a valid PEP 508 project name (letters, digits, '-', '_', '.'; alphanumeric ends).
bool valid_python_name(std::string_view name);

// Converts "sha256:<hex>" / "sha256=<hex>" (or a bare 64-digit hex with `algorithm`) into an SRI
// token "sha256-<base64>"; "" when the text is not a well-formed digest. PackageRef::integrity
// holds SRI for every ecosystem, so the fetcher verifies one way.
std::string sri_from_hex_digest(std::string_view digest, std::string_view algorithm = "sha256");

// Appends `token` to a space-separated SRI list unless it is empty or already there.
void append_sri(std::string* list, const std::string& token);

}  // namespace tarsier
