// What `tarsier watch` keeps of a registry's release history (analyzer/registry/release_history.h,
// read by the package's ecosystem client): every version with its publication time, publisher,
// maintainers, runtime dependencies, install script, stated size, archive and integrity. Fields
// a registry does not give (PyPI has no per-version people or dependencies) stay empty, and the
// anomaly rules that need them stay quiet.
#pragma once

#include <vector>

#include "analyzer/db/watch_store.h"
#include "analyzer/registry/release_history.h"

namespace tarsier {

// In the document's order.
std::vector<RegistryVersion> registry_versions(const ReleaseHistory& history);

}  // namespace tarsier
