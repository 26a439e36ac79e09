// What a package says about itself in its own manifest, read from the unpacked files: its name
// and version (package.json; PKG-INFO of an sdist; METADATA of a wheel), and npm dependencies
// that are not fetched from a registry (http(s), git, github: and user/repo URLs).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

// The package's root package.json, parsed once for all its readers (install reach, identity,
// URL dependencies, optional dependencies). When an archive holds the path twice, the last one
// counts, as it overwrites the first when the package is installed.
struct PackageJson {
  const ArchiveEntry* entry = nullptr;  // nullptr when the package has none
  nlohmann::json doc;                   // null unless the file is valid JSON
  std::optional<JsonTextError> error;   // set when the file is there but not valid JSON
};

PackageJson root_package_json(const std::vector<ArchiveEntry>& files);

struct ManifestIdentity {
  std::string name;
  std::string version;
  std::string file;  // the manifest it came from
};

// The identity the package's manifest declares; nullopt when there is no readable one. The
// ecosystem's manifest format decides: the top-level package.json, or the top-level PKG-INFO,
// else the wheel's *.dist-info/METADATA.
std::optional<ManifestIdentity> manifest_identity(const std::vector<ArchiveEntry>& files,
                                                  const std::string& ecosystem);

struct UrlDependency {
  std::string field;  // "dependencies", "optionalDependencies", ...
  std::string name;
  std::string spec;  // the URL or git spec as written
  int line = 0;
  int column = 0;
};

// Entries of dependencies / optionalDependencies / peerDependencies (never devDependencies, which
// are not installed with the package) whose
// spec is a URL (http:, https:, git:, git+..., github:, gitlab:, bitbucket:, gist:, user/repo)
// rather than a version range. A missing or malformed package.json yields nothing.
std::vector<UrlDependency> url_dependencies(const PackageJson& manifest);

}  // namespace tarsier
