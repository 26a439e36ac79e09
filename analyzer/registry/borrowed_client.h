// A client that forwards every call to a client owned elsewhere, so one configured set of
// registry clients can serve many Scanner instances (each takes its clients by value), as the
// watcher's rounds do.
#pragma once

#include <memory>

#include "analyzer/registry/ecosystem.h"
#include "analyzer/registry/registry_clients.h"

namespace tarsier {

// `client` must outlive the result.
std::unique_ptr<EcosystemClient> borrowed_client(const EcosystemClient& client);

// A borrowed client for every client of `clients`, keyed the same way.
RegistryClients borrowed_clients(const RegistryClients& clients);

}  // namespace tarsier
