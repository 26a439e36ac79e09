// The scan round that fetches each registry package's release history (one request per
// package name, in parallel, kept in the metadata cache for --offline) and turns it into the
// registry signals of analyzer/scan/registry_signals.h.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/core/package.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/scan/registry_signals.h"

namespace tarsier {

struct ReleaseRound {
  // Per package, in the order given: the registry's entry for the locked version (nullopt when
  // not fetched, not applicable, malformed or not listed) and the signals found, or
  // registry-metadata-unavailable saying why not. Histories themselves are not kept: a popular
  // package's history runs to thousands of versions.
  std::vector<std::optional<ReleaseInfo>> releases;
  std::vector<std::vector<Finding>> findings;
};

// `fetch` null: offline, the metadata cache only.
ReleaseRound release_round(const std::vector<PackageRef>& packages,
                           const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients,
                           const FetchOptions* fetch, const TarballCache& cache,
                           const RegistrySignalOptions& options);

}  // namespace tarsier
