// EcosystemClient::locate() for tests that assert on the downloads and on the error's text side
// by side: the downloads (none on an error) and `why` ("" when the package was located).
#pragma once

#include <string>
#include <vector>

#include "analyzer/registry/ecosystem.h"

namespace tarsier::test {

inline std::vector<ArchiveDownload> locate_or_why(const EcosystemClient& client,
                                                  const PackageRef& package,
                                                  const std::string* metadata, std::string* why) {
  auto located = client.locate(package, metadata);
  *why = located ? "" : located.error().str();
  return located ? std::move(*located) : std::vector<ArchiveDownload>{};
}

}  // namespace tarsier::test
