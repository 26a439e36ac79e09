#include "analyzer/policy/policy_apply.h"

#include "analyzer/core/capability.h"
#include "analyzer/policy/package_risk.h"
#include "analyzer/util/python_name.h"

namespace tarsier {

bool suppression_matches(const Suppression& s, const PackageRef& package, const Finding& finding,
                         const std::map<std::string, std::string>& file_sha256) {
  if (s.expired || finding.capability == capability::integrity ||
      s.ecosystem != package.ecosystem) {
    return false;
  }
  std::string name =
      package.ecosystem == "pypi" ? normalize_project_name(package.name) : package.name;
  if (name != s.name || !s.version.contains(package.version)) {
    return false;
  }
  if ((!s.rule.empty() && s.rule != finding.rule) ||
      (!s.capability.empty() && s.capability != finding.capability) ||
      (!s.path.empty() && s.path != finding.file)) {
    return false;
  }
  if (!s.sha256.empty()) {
    // Pinned: without the file's current hash (an older stored result) it does not apply.
    auto it = file_sha256.find(finding.file);
    return it != file_sha256.end() && it->second == s.sha256;
  }
  return true;
}

int apply_policy(const Policy& policy, PackageResult* result) {
  int count = 0;
  for (auto& finding : result->findings) {
    if (finding.suppressed) {
      ++count;
      continue;
    }
    for (const auto& s : policy.suppressions) {
      if (suppression_matches(s, result->ref, finding, result->file_sha256)) {
        finding.suppressed = true;
        finding.suppression_reason = s.reason;
        ++count;
        break;
      }
    }
  }
  if (count == 0) {
    return 0;
  }
  // A threat correlates several findings of one file; once every one of them is accepted, the
  // threat has no evidence left. With some evidence still unsuppressed it stands.
  for (auto& threat : result->findings) {
    if (threat.suppressed || threat.file.empty() || !is_threat_finding(threat, result->threats)) {
      continue;
    }
    bool any = false, all_suppressed = true;
    for (const auto& other : result->findings) {
      if (other.file != threat.file || is_threat_finding(other, result->threats)) {
        continue;
      }
      any = true;
      all_suppressed = all_suppressed && other.suppressed;
    }
    if (any && all_suppressed) {
      threat.suppressed = true;
      threat.suppression_reason =
          "every finding it correlates in " + threat.file + " is suppressed";
      ++count;
    }
  }
  PackageRisk recomputed = package_risk(result->findings, result->threats);
  // The cached analysis is shared with scans under other policies: it keeps the archive's own
  // risk and threats.
  if (!result->analysis_risk) {
    result->analysis_risk = result->risk;
  }
  if (!result->analysis_threats) {
    result->analysis_threats = result->threats;
  }
  result->risk = recomputed.risk;
  result->threats = recomputed.threats;
  return count;
}

}  // namespace tarsier
