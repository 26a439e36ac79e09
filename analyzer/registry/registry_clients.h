// The registry client of each ecosystem, configured from the user's files and the command line;
// registry_clients.cpp lists one factory per ecosystem.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/registry/ecosystem.h"

namespace tarsier {

struct RegistrySources {
  std::string project_dir;   // where a project's .npmrc is looked for
  std::string npm_registry;  // --registry ("" = from the configuration)
  std::string index_url;     // --index-url ("" = from the configuration)
  std::string cache_dir;     // where npm's answer for its default registry is remembered
};

using RegistryClients = std::map<std::string, std::unique_ptr<EcosystemClient>>;

// One client per id in `ecosystems` (unknown ids are skipped), keyed by ecosystem id.
// Configuration warnings are appended to `warnings`; an error when a configuration cannot be
// read.
Result<RegistryClients> make_registry_clients(const std::vector<std::string>& ecosystems,
                                              const RegistrySources& sources,
                                              std::vector<std::string>* warnings);

}  // namespace tarsier
