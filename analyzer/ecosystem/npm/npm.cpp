#include "analyzer/ecosystem/npm/npm.h"

#include "analyzer/ecosystem/loose_version_order.h"
#include "analyzer/util/semver.h"

namespace tarsier {

namespace {

std::string same_name(std::string_view name) {
  return std::string(name);
}

std::optional<int> compare_parsed(std::string_view a, std::string_view b) {
  auto x = parse_semver(a), y = parse_semver(b);
  if (!x || !y) {
    return std::nullopt;
  }
  return compare_semver(*x, *y);
}

int compare_versions(std::string_view a, std::string_view b) {
  auto parsed = compare_parsed(a, b);
  return parsed ? *parsed : compare_loose_versions(a, b);
}

bool same_version(std::string_view a, std::string_view b) {
  auto parsed = compare_parsed(a, b);
  return parsed ? *parsed == 0 : a == b;
}

std::string install_dir(std::string_view name, std::string_view version) {
  (void)version;
  return "node_modules/" + std::string(name) + "/";
}

const Ecosystem k_npm{
    "npm",
    "npm",
    "npm",
    "npm",
    "@",
    "popular-npm",
    false,
    VersionSyntax::semver,
    ManifestFormat::package_json,
    TarballLayout::npm_pack,
    same_name,
    compare_parsed,
    compare_versions,
    same_version,
    install_dir,
};

}  // namespace

const Ecosystem& npm_ecosystem() {
  return k_npm;
}

}  // namespace tarsier
