#include "analyzer/registry/registry_clients.h"

#include <algorithm>

#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/registry/npm_client.h"
#include "analyzer/registry/npm_config.h"
#include "analyzer/registry/pip_config.h"
#include "analyzer/registry/pypi_client.h"

namespace tarsier {

namespace {

using Warnings = std::vector<std::string>;

using ClientResult = Result<std::unique_ptr<EcosystemClient>>;

ClientResult make_npm_client(const RegistrySources& sources, Warnings* warnings) {
  std::string answer_file =
      sources.cache_dir.empty() ? "" : sources.cache_dir + "/npm-default-registry";
  auto config = load_npm_config(
      default_npm_config_sources(sources.project_dir, sources.npm_registry, answer_file));
  if (!config) {
    return config.error();
  }
  warnings->insert(warnings->end(), config->warnings.begin(), config->warnings.end());
  return std::unique_ptr<EcosystemClient>(std::make_unique<NpmClient>(*config));
}

ClientResult make_pypi_client(const RegistrySources& sources, Warnings* warnings) {
  auto config = load_pip_config(default_pip_config_sources(sources.index_url));
  if (!config) {
    return config.error();
  }
  warnings->insert(warnings->end(), config->warnings.begin(), config->warnings.end());
  return std::unique_ptr<EcosystemClient>(std::make_unique<PypiClient>(std::move(*config)));
}

struct Factory {
  const Ecosystem& (*ecosystem)();
  ClientResult (*make)(const RegistrySources&, Warnings*);
};

const Factory k_factories[] = {
    {npm_ecosystem, make_npm_client},
    {pypi_ecosystem, make_pypi_client},
};

}  // namespace

Result<RegistryClients> make_registry_clients(const std::vector<std::string>& ecosystems,
                                              const RegistrySources& sources,
                                              std::vector<std::string>* warnings) {
  RegistryClients clients;
  for (const Factory& factory : k_factories) {
    std::string id(factory.ecosystem().id);
    if (std::find(ecosystems.begin(), ecosystems.end(), id) == ecosystems.end()) {
      continue;
    }
    auto client = factory.make(sources, warnings);
    if (!client) {
      return client.error();
    }
    clients.emplace(id, std::move(*client));
  }
  return clients;
}

}  // namespace tarsier
