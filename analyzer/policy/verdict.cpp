#include "analyzer/policy/verdict.h"

#include <algorithm>

#include "analyzer/core/capability.h"
#include "analyzer/policy/policy_apply.h"

namespace tarsier {

namespace {

void add_context_findings(PackageResult& result, std::vector<Finding> findings) {
  bool archive_has_install_script = std::any_of(
      result.findings.begin(), result.findings.end(),
      [](const Finding& f) { return !f.context && f.capability == capability::install_scripts; });
  bool analysed = result.stats.files > 0 || result.result_cached;
  for (auto& finding : findings) {
    if (finding.rule == "lockfile-install-script" && archive_has_install_script) {
      continue;
    }
    if (finding.rule == "non-registry-dependency" && !analysed) {
      finding.message += "; it was not fetched or analysed";
    }
    finding.context = true;
    if (std::find(result.capabilities.begin(), result.capabilities.end(), finding.capability) ==
        result.capabilities.end()) {
      result.capabilities.push_back(finding.capability);
      std::sort(result.capabilities.begin(), result.capabilities.end());
    }
    result.findings.push_back(std::move(finding));
  }
}

}  // namespace

int decide_verdict(PackageResult* result, std::vector<Finding> context, const Policy* policy) {
  add_context_findings(*result, std::move(context));
  result->risk = result->analysis.risk;
  result->threats = result->analysis.threats;
  for (const auto& finding : result->findings) {
    if (finding.context) {
      result->risk = std::max(result->risk, finding.severity);
    }
  }
  return policy == nullptr ? 0 : apply_policy(*policy, result);
}

}  // namespace tarsier
