// An install script that fetches the package's own platform binary: a package such as a
// compiler ships its executable in per-platform packages listed in its optionalDependencies, and
// when the package manager skipped them, its install script downloads the right one from the
// registry the package itself came from. That is its own class (threat `own-platform-binary`,
// medium), not a dropper, but only while nothing is hidden: every URL in the file's code must
// point at that registry's tarball path (`/-/`), the file must name one of its own optional
// dependencies, and no signal in the file may decode constants, run strings as code, hide its
// imports or point at a suspicious host. Otherwise the usual dropper threats apply.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/engine/package_manifest.h"
#include "analyzer/engine/threats.h"

namespace tarsier {

// Names in the root package.json's optionalDependencies; empty when there are none.
std::set<std::string> optional_dependency_names(const PackageJson& manifest);

// Whether `source` fetches only from `registry_host` at a tarball path and names one of `names`
// as a string. URLs on comment lines are ignored; a URL whose host is computed (`${...}` or
// concatenation before the first '/') or elsewhere makes it false.
bool fetches_own_binary(std::string_view source, std::string_view registry_host,
                        const std::set<std::string>& names);

// Whether `source` builds a package tarball URL (`/-/NAME-VERSION.tgz`) from the configured
// registry (an expression naming `registry`, as a package manager's helper reads
// npm_config_registry) and writes no other URL than bare schemes or tarball paths on
// `registry_host`. Such a file fetches packages the way the package manager itself would.
bool fetches_configured_registry_tarball(std::string_view source, std::string_view registry_host);

// For every install-time file of `files` that fetches its own platform binary (and whose signals
// hide nothing), and every file that fetches tarballs from the configured registry
// (fetches_configured_registry_tarball), turns its `download` tags into `own-binary-download`.
// `registry_host` is the host the package's archive was downloaded from (the scanner passes that
// URL as the package's `resolved`; "" for a local archive disables the check). `manifest` is
// root_package_json(files).
void explain_own_binary_downloads(const std::vector<ArchiveEntry>& files,
                                  const PackageJson& manifest, const std::string& registry_host,
                                  std::vector<Signal>* signals);

}  // namespace tarsier
