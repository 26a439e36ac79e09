#include "analyzer/policy/policy_apply.h"

#include "analyzer/core/capability.h"
#include "analyzer/core/finding_identity.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/policy/package_risk.h"

namespace tarsier {

bool name_matches(std::string_view pattern, std::string_view name) {
  // '*' matches any run of characters (iterative, backtracking to the last star).
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::vector<const Suppression*> unused_suppressions(const Policy& policy,
                                                    const std::vector<PackageResult>& results) {
  std::vector<const Suppression*> unused;
  for (const auto& s : policy.suppressions) {
    bool used = false;
    for (const auto& result : results) {
      for (const auto& finding : result.findings) {
        used = used || (finding.suppressed &&
                        suppression_matches(s, result.ref, finding, result.file_sha256));
      }
      if (used) {
        break;
      }
    }
    if (!used && !s.expired) {
      unused.push_back(&s);
    }
  }
  return unused;
}

bool suppression_matches(const Suppression& s, const PackageRef& package, const Finding& finding,
                         const std::map<std::string, std::string>& file_sha256) {
  if (s.expired || finding.capability == capability::integrity ||
      s.ecosystem != package.ecosystem) {
    return false;
  }
  std::string name = normalize_package_name(package.ecosystem, package.name);
  if (!name_matches(s.name, name) || !s.version.contains(package.version)) {
    return false;
  }
  if ((!s.rule.empty() && s.rule != finding.rule) ||
      (!s.capability.empty() && s.capability != finding.capability) ||
      (!s.path.empty() && normalize_package_path(s.path) != normalize_package_path(finding.file)) ||
      (!s.fingerprint.empty() && s.fingerprint != finding_fingerprint(finding))) {
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
