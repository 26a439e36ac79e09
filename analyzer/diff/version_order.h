// Ordering of package version strings across ecosystems without a full semver/PEP 440 parser:
// dot-separated numeric parts compare as numbers, a pre-release ("1.0.0-rc.1", "1.0rc1") sorts
// before its release, anything else compares as text.
#pragma once

#include <string_view>

namespace tarsier {

// <0, 0 or >0 like strcmp.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace tarsier
