// npm version numbers (semver 2.0.0 as node-semver reads a published version): parsing and
// precedence. Shared by policy version ranges and OSV affected ranges, so npm versions have one
// order in the whole program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

struct SemVer {
  uint64_t part[3] = {0, 0, 0};
  std::vector<std::string> pre;  // pre-release identifiers, empty for a release
};

// A full version "1.2.3[-pre][+build]" with an optional leading "v" or "=" and surrounding
// blanks; nullopt for anything else (partial versions, ranges, text).
std::optional<SemVer> parse_semver(std::string_view text);

// Semver precedence: <0, 0 or >0. Build metadata never orders versions; numeric pre-release
// identifiers sort before alphanumeric ones.
int compare_semver(const SemVer& a, const SemVer& b);

}  // namespace tarsier
