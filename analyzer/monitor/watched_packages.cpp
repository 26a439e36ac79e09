#include "analyzer/monitor/watched_packages.h"

#include <map>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/monitor/fresh_pick.h"
#include "analyzer/policy/version_range.h"

namespace tarsier {

namespace {

// The declared range applies to the locked entries it takes in (the top-level install); nested
// copies of other versions keep none.
// Only a package.json next to the lockfile declares ranges for now; other ecosystems' locked
// entries keep none (no fresh-install pick).
std::string range_for(const PackageRef& ref,
                      std::map<std::string, std::map<std::string, std::string>>* ranges_by_lock) {
  const Ecosystem* ecosystem = find_ecosystem(ref.ecosystem);
  if (ref.lockfile.empty() || !ref.alias.empty() || ecosystem == nullptr ||
      ecosystem->manifest != ManifestFormat::package_json) {
    return "";
  }
  auto it = ranges_by_lock->find(ref.lockfile);
  if (it == ranges_by_lock->end()) {
    it = ranges_by_lock->emplace(ref.lockfile, declared_npm_ranges(ref.lockfile)).first;
  }
  auto range = it->second.find(ref.name);
  if (range == it->second.end()) {
    return "";
  }
  auto parsed = VersionRange::parse(ref.ecosystem, range->second);
  return parsed && parsed->contains(ref.version) ? range->second : "";
}

}  // namespace

std::vector<WatchedPackage> watched_packages(const std::vector<PackageRef>& packages,
                                             std::vector<std::string>* notes) {
  std::map<std::string, WatchedPackage> by_name;
  std::map<std::string, std::map<std::string, std::string>> ranges_by_lock;
  for (const auto& ref : packages) {
    if (find_ecosystem(ref.ecosystem) == nullptr) {
      notes->push_back(ref.id() + ": unknown ecosystem, not watched");
      continue;
    }
    if (ref.source != "registry") {
      notes->push_back(ref.id() + ": a " + ref.source + " dependency has no registry to watch");
      continue;
    }
    WatchedPackage& w =
        by_name[ref.ecosystem + ":" + normalize_package_name(ref.ecosystem, ref.name)];
    w.ecosystem = ref.ecosystem;
    w.name = ref.name;
    if (!ref.version.empty()) {
      w.locked.push_back(ref);
      w.ranges.push_back(range_for(ref, &ranges_by_lock));
    }
  }
  std::vector<WatchedPackage> out;
  for (auto& [name, w] : by_name) {
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace tarsier
