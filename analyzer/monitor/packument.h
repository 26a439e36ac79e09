// Reads what `tarsier watch` needs from an npm packument (the full document, not the abbreviated
// one): every version with its publication time, publisher, maintainers, runtime dependencies,
// install script, size, tarball and integrity, plus dist-tags.latest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/db/watch_store.h"

namespace tarsier {

struct PackumentVersions {
  std::string latest;
  std::vector<RegistryVersion> versions;  // in the document's order
};

// nullopt with `error` ("where:line:col: expected ...") when `body` is not a packument.
std::optional<PackumentVersions> read_packument_versions(const std::string& body,
                                                         const std::string& where,
                                                         std::string* error);

}  // namespace tarsier
