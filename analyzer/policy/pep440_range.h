// PEP 440 version specifiers for policy version ranges (analyzer/policy/version_range.h), kept
// apart from the npm semver part. Internal to analyzer/policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/policy/version_range.h"

namespace tarsier {

namespace range_text {
// Without surrounding blanks and tabs.
std::string_view trim(std::string_view s);
// Every part between separators (empty parts included).
std::vector<std::string_view> split(std::string_view text, std::string_view separator);
}  // namespace range_text

// Comma-separated specifiers ("1.2.3", "==1.2.*", ">=2,<3", "~=1.4.5", "===text"), all of which
// must hold, appended to `all`; an error on a bad one.
Result<void> parse_pep440_specifiers(std::string_view text,
                                     std::vector<VersionRange::Comparator>* all);

// True when `version` satisfies one comparator produced by parse_pep440_specifiers().
bool pep440_comparator_holds(const VersionRange::Comparator& c, std::string_view version);

}  // namespace tarsier
