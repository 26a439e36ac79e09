#include "analyzer/monitor/registry_versions.h"

namespace tarsier {

namespace {

bool has_install_script(const ReleaseInfo& release) {
  for (const char* hook : {"preinstall", "install", "postinstall"}) {
    auto it = release.scripts.find(hook);
    if (it != release.scripts.end() && !it->second.empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<RegistryVersion> registry_versions(const ReleaseHistory& history) {
  std::vector<RegistryVersion> out;
  for (const auto& release : history.versions) {
    RegistryVersion v;
    v.version = release.version;
    v.published_at = release.published_at;
    v.publisher = release.publisher;
    v.maintainers = release.maintainers;
    for (const auto& [name, spec] : release.dependencies) {
      v.dependencies.push_back(name);
    }
    v.install_script = has_install_script(release);
    v.file_count = release.file_count;
    v.unpacked_size = release.unpacked_size;
    v.tarball = release.archive_url;
    v.integrity = release.integrity;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace tarsier
