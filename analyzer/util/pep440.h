// Python version numbers (PEP 440) as far as locating a pinned release needs them: parsing the
// accepted spellings, a canonical form for equality, and ordering to find the newest release.
//
// Accepted spellings (case-insensitive, surrounding whitespace ignored), following PEP 440's
// normalisation rules:
//   leading "v"                     v1.0 == 1.0
//   epoch                           1!2.0
//   release, trailing zeros equal   1.0 == 1.0.0 == 1
//   pre-release                     1.0a1, 1.0-alpha.1, 1.0.beta2, 1.0c1 == 1.0rc1, 1.0pre1,
//                                   1.0preview1; a missing number is 0 (1.0a == 1.0a0)
//   post-release                    1.0.post1, 1.0-post1, 1.0post, 1.0-1, 1.0.rev1, 1.0r1
//   development release             1.0.dev1, 1.0-dev, 1.0dev0
//   local label                     1.0+ubuntu-1 == 1.0+ubuntu.1 (compared, not ignored: a
//                                   pinned version names one exact build)
// Leading zeros in numbers are ignored (1.01 == 1.1). Text that is not PEP 440 (legacy
// versions such as "2004d" or "1.0-SNAPSHOT-x") has no parsed form; equality then falls back to
// comparing the trimmed, lower-cased text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

struct Pep440Version {
  uint64_t epoch = 0;
  std::vector<uint64_t> release;  // trailing zeros removed, at least one element
  char pre_kind = 0;              // 0 (none), 'a', 'b' or 'c' (rc)
  uint64_t pre = 0;
  std::optional<uint64_t> post;
  std::optional<uint64_t> dev;
  std::vector<std::string> local;  // lower-cased segments, "" when none

  bool is_prerelease() const { return pre_kind != 0 || dev.has_value(); }
};

// The parsed version, or nullopt when `text` is not a PEP 440 version.
std::optional<Pep440Version> parse_pep440(std::string_view text);

// The normalised spelling ("1.0rc1.post2.dev3+abc.1", release zeros trimmed); for text that is
// not PEP 440, the trimmed lower-cased text.
std::string canonical_version(std::string_view text);

// Equality as described at the top of this file.
bool versions_equal(std::string_view a, std::string_view b);

// Negative, zero or positive as a sorts before, equal to or after b in PEP 440 order.
int compare_pep440(const Pep440Version& a, const Pep440Version& b);

}  // namespace tarsier
