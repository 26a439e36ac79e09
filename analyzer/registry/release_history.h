// What a registry says about a package's published versions, beyond where the archives are: when
// each version was published and by whom, what its manifest declares (npm), whether it is
// deprecated or yanked, and its source repository. Read from the full npm packument or the PyPI
// JSON API document (`<index root>/pypi/<name>/json`); the scanner compares it with the lockfile
// and the archive (analyzer/scan/registry_signals.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

struct ReleaseInfo {
  std::string version;
  std::string published_at;  // "YYYY-MM-DDTHH:MM:SS[.fff]Z"; "" when the registry does not say
  std::string publisher;     // npm _npmUser.name; "" when not given
  std::vector<std::string> maintainers;
  // The manifest the registry serves for this version (npm only; has_manifest false for PyPI).
  bool has_manifest = false;
  std::string name;
  std::map<std::string, std::string> scripts;
  std::map<std::string, std::string> dependencies;  // dependencies and optionalDependencies
  std::map<std::string, std::string> bin;           // command -> path (a string bin is named
                                                    // after the package)
  std::string deprecated;  // npm deprecation message; "" when not deprecated
  bool yanked = false;     // PyPI: every file of the release is yanked
  std::string yanked_reason;
  // Source repository; repository_known is false when the document does not describe this
  // version's repository (PyPI describes the latest release only).
  bool repository_known = false;
  std::string repository;            // URL as written; "" = none
  std::string repository_directory;  // npm repository.directory (a monorepo folder)
  // The registry's archive (npm dist.tarball with its integrity, SRI form) and its size as the
  // registry states it (npm dist.fileCount, dist.unpackedSize); empty or nullopt when not given.
  std::string archive_url, integrity;
  std::optional<int64_t> file_count, unpacked_size;
};

struct ReleaseHistory {
  std::string name;
  std::vector<ReleaseInfo> versions;  // in the document's order
  // PyPI: the latest release's repository, used for versions the document does not describe.
  std::string latest_repository;
  // The version an install picks by default: npm dist-tags.latest, PyPI info.version.
  std::string latest;
};

// The full npm packument (`Accept: application/json`), or an error at "where:line:col" when
// `body` is not one.
Result<ReleaseHistory> read_npm_release_history(const std::string& body, const std::string& where);

// The PyPI JSON API project document (`info` and `releases`), or an error when `body` is not one.
Result<ReleaseHistory> read_pypi_release_history(const std::string& body, const std::string& where);

// The manifest fields of a package.json text as ReleaseInfo reads them from a packument entry
// (name, version, scripts, dependencies, bin), for comparing an archive with its registry entry;
// an error when the text is not a JSON object.
Result<ReleaseInfo> read_npm_manifest(const std::string& package_json, const std::string& where);

// The entry for `version` (the ecosystem's own version equality); nullptr if none.
const ReleaseInfo* find_release(const ReleaseHistory& history, const std::string& ecosystem,
                                const std::string& version);

}  // namespace tarsier
