// manifest_confusion() of registry_signals.h: the registry's manifest of a version against the
// package.json inside its archive. npm installs scripts and dependencies from the archive while
// most tools (and the registry's web page) show the registry's copy, which the publisher can set
// independently.
#include <map>

#include "analyzer/core/capability.h"
#include "analyzer/scan/registry_signals.h"

namespace tarsier {

namespace {

// "scripts: postinstall only in the archive" style descriptions of how two maps differ.
void compare_maps(const char* field, const std::map<std::string, std::string>& registry,
                  const std::map<std::string, std::string>& archive,
                  std::vector<std::string>* out) {
  std::string only_archive, only_registry, changed;
  auto add = [](std::string& list, const std::string& key) {
    list += (list.empty() ? "" : ", ") + key;
  };
  for (const auto& [key, value] : archive) {
    auto it = registry.find(key);
    if (it == registry.end()) {
      add(only_archive, key);
    } else if (it->second != value) {
      add(changed, key);
    }
  }
  for (const auto& [key, value] : registry) {
    if (archive.count(key) == 0) {
      add(only_registry, key);
    }
  }
  std::string f(field);
  if (!only_archive.empty()) {
    out->push_back(f + " " + only_archive + " only in the archive");
  }
  if (!only_registry.empty()) {
    out->push_back(f + " " + only_registry + " only in the registry");
  }
  if (!changed.empty()) {
    out->push_back(f + " " + changed + " differ");
  }
}

// What npm's publish step changes on the way to the registry, undone on both sides: bin paths
// lose a leading "./", and a package with binding.gyp and no install script gets
// `install: node-gyp rebuild` in the registry's copy only.
void normalise(ReleaseInfo* registry, ReleaseInfo* archive) {
  for (ReleaseInfo* side : {registry, archive}) {
    for (auto& [command, path] : side->bin) {
      if (path.starts_with("./")) {
        path.erase(0, 2);
      }
    }
  }
  auto install = registry->scripts.find("install");
  if (install != registry->scripts.end() && install->second == "node-gyp rebuild" &&
      archive->scripts.count("install") == 0) {
    registry->scripts.erase(install);
  }
}

}  // namespace

std::vector<Finding> manifest_confusion(const PackageRef& ref, const ReleaseInfo& registry,
                                        const std::optional<std::string>& archive_manifest) {
  if (!registry.has_manifest) {
    return {};
  }
  std::vector<std::string> differences;
  std::optional<ReleaseInfo> archive;
  if (!archive_manifest) {
    differences.push_back("the archive has no package.json");
  } else if (auto read = read_npm_manifest(*archive_manifest, "package.json"); !read) {
    differences.push_back("the archive's package.json is unreadable (" + read.error().str() + ")");
  } else {
    archive = std::move(*read);
    ReleaseInfo expected = registry;
    normalise(&expected, &*archive);
    // A registry that leaves out the name in version entries has nothing to compare it with.
    if (!expected.name.empty() && archive->name != expected.name) {
      differences.push_back("name '" + archive->name + "' in the archive, '" + expected.name +
                            "' in the registry");
    }
    if (archive->version != registry.version) {
      differences.push_back("version '" + archive->version + "' in the archive, '" +
                            registry.version + "' in the registry");
    }
    compare_maps("scripts", expected.scripts, archive->scripts, &differences);
    compare_maps("dependencies", expected.dependencies, archive->dependencies, &differences);
    compare_maps("bin", expected.bin, archive->bin, &differences);
  }
  if (differences.empty()) {
    return {};
  }
  std::string message = "the registry's manifest of " + ref.name + "@" + ref.version +
                        " and the archive's package.json differ: ";
  for (size_t i = 0; i < differences.size(); ++i) {
    message += (i == 0 ? "" : "; ") + differences[i];
  }
  Finding f;
  f.rule = "manifest-confusion";
  f.capability = std::string(capability::integrity);
  f.severity = Risk::high;
  f.message = message + ". npm installs what the archive says; reviews see the registry's copy";
  f.file = archive_manifest ? "package.json" : "";
  return {f};
}

}  // namespace tarsier
