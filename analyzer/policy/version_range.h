// Version ranges of policy suppressions: npm semver ranges and PEP 440 specifiers, parsed once
// when the policy loads and matched against every package version of a scan.
//
// npm (node-semver syntax, the common subset):
//   *  x  ""                 any version
//   1.2.3  =1.2.3  v1.2.3    exactly that version (build metadata ignored)
//   1.2  1.2.x  1            x-ranges: >=1.2.0 <1.3.0, >=1.0.0 <2.0.0
//   >=1.2.3 >1.2.3 <1.2.3 <=1.2.3   comparators (partial versions filled in like node-semver)
//   ^1.2.3  ^0.2.3  ^0.0.3   up to the next change of the left-most non-zero part
//   ~1.2.3  ~1.2  ~1         up to the next minor (patch-level changes)
//   "A B" (all hold), "A || B" (either holds), "1.2.3 - 2.3.4" (inclusive)
// Pre-release versions compare by semver precedence and, as in node-semver, only satisfy a
// range whose comparators name a pre-release of the same major.minor.patch (`^1.2.0` does not
// take in 1.3.0-beta.1; `>=1.3.0-alpha <2` does). `*` (or no version) takes in every version.
//
// pypi (PEP 440 version specifiers, comma-separated, all must hold):
//   *                        any version
//   1.2.3                    same as ==1.2.3
//   ==1.2.3  ==1.2.*  !=1.2.3  >=  <=  >  <  ~=1.4.5  ===text
// A candidate's local label (+ubuntu.1) is ignored unless the specifier names one; `>V` does not
// take in V's post-releases nor `<V` V's pre-releases, as PEP 440 says.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

class VersionRange {
 public:
  // An error (what is wrong, without a location) when `text` is not a range of the ecosystem (an
  // id of analyzer/ecosystem/ecosystem.h; its version syntax decides).
  static Result<VersionRange> parse(std::string_view ecosystem, std::string_view text);

  // True when `version` lies in the range. A version that does not parse never matches (except
  // for "*" and an exact "===" text match).
  bool contains(std::string_view version) const;

  const std::string& text() const { return m_text; }

  // One bound: op is one of "<", "<=", ">", ">=", "==", "!=", "===", "==*" (prefix match), "!=*".
  struct Comparator {
    std::string op;
    std::string version;
  };

 private:
  std::string m_ecosystem;
  std::string m_text;
  bool m_any = false;
  std::vector<std::vector<Comparator>> m_alternatives;  // OR of ANDs
};

// Whether a three-way comparison `cmp` of a version with a comparator's bound satisfies `op`
// ("<", "<=", ">", ">=", "!="; anything else means equality). Shared by npm and PEP 440 ranges.
bool comparison_holds(std::string_view op, int cmp);

}  // namespace tarsier
