// One descriptor per package ecosystem (npm, PyPI), listed in ecosystems.cpp. Everything that
// differs between ecosystems and that the lower layers need is here: the id the database, the
// JSON reports and the command line spell, the names other formats use (purl type, OSV), name
// normalisation, the one version order, the spec syntax, the archive and manifest formats, the
// popular-name list for typosquat checks and where an installed file lands (SARIF). Code outside
// analyzer/ecosystem/ looks a descriptor up by id and never spells an ecosystem itself.
//
// A new ecosystem adds a folder here (its descriptor) and one line in ecosystems.cpp; its lockfile
// parsers (parsers/<ecosystem>/, listed in parsers/registry.cpp) and registry client
// (analyzer/registry/, listed in registry_clients.cpp) plug in behind their own interfaces.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

// The grammar of version numbers and ranges: node-semver or PEP 440.
enum class VersionSyntax { semver, pep440 };

// How a .tar.gz of the ecosystem is laid out: an `npm pack` tarball ("package/...") or a Python
// sdist ("name-version/...").
enum class TarballLayout { npm_pack, sdist };

// The manifest inside an archive that names the package: package.json or the core metadata
// (PKG-INFO, *.dist-info/METADATA).
enum class ManifestFormat { package_json, core_metadata };

struct Ecosystem {
  std::string_view id;              // "npm": database, JSON, policy files, `--ecosystem`
  std::string_view display_name;    // for people: "npm", "PyPI"
  std::string_view purl_type;       // package URL type
  std::string_view osv_name;        // OSV's spelling
  std::string_view spec_separator;  // between name and version in a spec: "@", "=="
  std::string_view popular_list;    // rules/ data list of popular names (typosquat checks)
  bool names_normalised;            // names compare after normalize_name (PEP 503)
  VersionSyntax versions;
  ManifestFormat manifest;
  TarballLayout tarball;

  // The name as the registry keys it.
  std::string (*normalize_name)(std::string_view name);
  // The ecosystem's version order, <0, 0 or >0; nullopt when either side does not parse.
  std::optional<int> (*compare_parsed)(std::string_view a, std::string_view b);
  // The same order made total: versions that do not parse fall back to a numeric-then-text
  // order (loose_version_order.h). Sorting, diffs and histories use this one.
  int (*compare_versions)(std::string_view a, std::string_view b);
  // Equality of two spellings of a version (PEP 440: "1.0" == "1.0.0").
  bool (*same_version)(std::string_view a, std::string_view b);
  // The folder an installed package's files land in, relative to the project ("node_modules/x/").
  std::string (*install_dir)(std::string_view name, std::string_view version);
};

// Every ecosystem, in a fixed order.
const std::vector<const Ecosystem*>& all_ecosystems();

// Lookups; nullptr when nothing matches.
const Ecosystem* find_ecosystem(std::string_view id);
const Ecosystem* find_ecosystem_by_purl_type(std::string_view purl_type);
const Ecosystem* find_ecosystem_by_osv_name(std::string_view osv_name);

// find_ecosystem() for ids that come from input: an error ("unknown ecosystem 'x'; expected npm
// or pypi") for an unknown id.
Result<const Ecosystem*> require_ecosystem(std::string_view id);

// The ids joined for messages: "npm or pypi".
std::string ecosystem_ids(std::string_view last_separator = " or ");

// The name as `ecosystem`'s registry keys it; unchanged for an unknown ecosystem.
std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

// `ecosystem`'s total version order; the fallback order for an unknown ecosystem.
int compare_package_versions(std::string_view ecosystem, std::string_view a, std::string_view b);

}  // namespace tarsier
