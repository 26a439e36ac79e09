#include "analyzer/ecosystem/pypi/pypi.h"

#include "analyzer/ecosystem/loose_version_order.h"
#include "analyzer/util/pep440.h"
#include "analyzer/util/python_name.h"

namespace tarsier {

namespace {

std::optional<int> compare_parsed(std::string_view a, std::string_view b) {
  auto x = parse_pep440(a), y = parse_pep440(b);
  if (!x || !y) {
    return std::nullopt;
  }
  return compare_pep440(*x, *y);
}

int compare_versions(std::string_view a, std::string_view b) {
  auto parsed = compare_parsed(a, b);
  return parsed ? *parsed : compare_loose_versions(a, b);
}

std::string install_dir(std::string_view name, std::string_view version) {
  return std::string(name) + "-" + std::string(version) + "/";
}

const Ecosystem k_pypi{
    "pypi",
    "PyPI",
    "pypi",
    "PyPI",
    "==",
    "popular-pypi",
    true,
    VersionSyntax::pep440,
    ManifestFormat::core_metadata,
    TarballLayout::sdist,
    normalize_project_name,
    compare_parsed,
    compare_versions,
    versions_equal,
    install_dir,
};

}  // namespace

const Ecosystem& pypi_ecosystem() {
  return k_pypi;
}

}  // namespace tarsier
