#include "analyzer/policy/package_risk.h"

#include <algorithm>
#include <set>

#include "analyzer/core/capability.h"

namespace tarsier {

namespace {

// The cap of plain capabilities; the same value as the engine's k_capability_cap (rules/README.md).
constexpr Risk k_behaviour_cap = Risk::medium;

}  // namespace

bool is_package_problem(const Finding& finding) {
  const std::string& c = finding.capability;
  // Context findings (about the lockfile entry) count at their own severity like the others.
  return finding.context || c == capability::integrity || c == capability::archive ||
         c == capability::analysis || c == capability::source;
}

bool is_threat_finding(const Finding& finding, const std::vector<std::string>& threats) {
  constexpr std::string_view prefix = "threat-";
  if (finding.rule.rfind(prefix, 0) != 0) {
    return false;
  }
  std::string id = finding.rule.substr(prefix.size());
  return std::find(threats.begin(), threats.end(), id) != threats.end();
}

PackageRisk package_risk(const std::vector<Finding>& findings,
                         const std::vector<std::string>& threats) {
  PackageRisk out;
  std::set<std::string> live, with_finding;
  for (const auto& f : findings) {
    if (is_threat_finding(f, threats)) {
      with_finding.insert(f.rule.substr(7));
    }
    if (f.suppressed) {
      continue;
    }
    if (is_threat_finding(f, threats)) {
      out.risk = std::max(out.risk, f.severity);
      live.insert(f.rule.substr(7));
    } else if (is_package_problem(f)) {
      out.risk = std::max(out.risk, f.severity);
    } else {
      out.risk = std::max(out.risk, std::min(f.severity, k_behaviour_cap));
    }
  }
  // A threat without any finding of its own (tampered-archive comes with integrity-mismatch)
  // cannot be suppressed by itself.
  for (const auto& id : threats) {
    if (with_finding.count(id) == 0) {
      live.insert(id);
    }
  }
  out.threats.assign(live.begin(), live.end());
  return out;
}

}  // namespace tarsier
