// The fallback order of version strings that the ecosystem's own grammar (semver, PEP 440) does
// not parse: dot-separated numeric parts compare as numbers, a pre-release ("1.0.0-rc.1",
// "1.0rc1") sorts before its release, anything else compares as text. Only the descriptors use
// it; everything else orders versions through `Ecosystem::compare_versions`.
#pragma once

#include <string_view>

namespace tarsier {

// <0, 0 or >0 like strcmp.
int compare_loose_versions(std::string_view a, std::string_view b);

}  // namespace tarsier
