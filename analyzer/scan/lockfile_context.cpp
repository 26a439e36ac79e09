#include "analyzer/scan/lockfile_context.h"

#include <algorithm>

#include "parsers/common/sources.h"
#include "parsers/signals.h"

namespace tarsier {

namespace {

bool has_registry_host(const PackageRef& ref) {
  return ref.source == "registry" && !host_of_url(ref.resolved).empty();
}

// The most common registry host of each lockfile; ties go to the configured registry's host.
std::map<std::string, std::string> usual_hosts(
    const std::vector<PackageRef>& packages,
    const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients) {
  std::map<std::string, std::map<std::string, int>> counts;  // lockfile -> host -> entries
  for (const auto& ref : packages) {
    if (has_registry_host(ref)) {
      ++counts[ref.lockfile + '\n' + ref.ecosystem][host_of_url(ref.resolved)];
    }
  }
  std::map<std::string, std::string> usual;
  for (const auto& [key, hosts] : counts) {
    std::string ecosystem = key.substr(key.find('\n') + 1);
    auto client = clients.find(ecosystem);
    std::string configured;
    if (client != clients.end()) {
      PackageRef unscoped;
      unscoped.ecosystem = ecosystem;
      configured = host_of_url(client->second->registry_url(unscoped));
    }
    std::string best;
    int best_count = 0;
    for (const auto& [host, n] : hosts) {
      if (n > best_count || (n == best_count && host == configured)) {
        best = host;
        best_count = n;
      }
    }
    usual[key] = best;
  }
  return usual;
}

}  // namespace

LockfileContext lockfile_context(
    const std::vector<PackageRef>& packages,
    const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients) {
  LockfileContext context;
  context.findings.resize(packages.size());
  std::map<std::string, std::string> usual = usual_hosts(packages, clients);
  std::map<std::string, std::string> warned;  // lockfile key -> configured host it differs from
  for (size_t i = 0; i < packages.size(); ++i) {
    const PackageRef& ref = packages[i];
    auto client = clients.find(ref.ecosystem);
    std::string configured_url = client == clients.end() ? "" : client->second->registry_url(ref);
    std::string configured = host_of_url(configured_url);
    std::string host = has_registry_host(ref) ? host_of_url(ref.resolved) : "";
    const std::string key = ref.lockfile + '\n' + ref.ecosystem;
    const std::string& lockfile_host = usual[key];
    // Only hosts that stand out within their lockfile are worth a finding.
    bool stands_out = !host.empty() && host != lockfile_host;
    context.findings[i] = lockfile_findings(ref, stands_out ? configured_url : "");
    if (!host.empty() && !configured.empty() && host == lockfile_host && host != configured &&
        warned.count(key) == 0) {
      warned[key] = configured;
      context.warnings.push_back(ref.lockfile + ": resolved against " + host +
                                 ", but the configured " + ref.ecosystem + " registry is " +
                                 configured + "; archives are checked against the lockfile's " +
                                 "integrity either way");
    }
  }
  return context;
}

}  // namespace tarsier
