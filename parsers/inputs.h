// Turns command-line arguments into what a scan works on: lockfiles (one path, or found in a
// directory), local archives or unpacked package folders, and package specs
// ("npm:name@version", "pypi:name==version"). Used by `scan`, `list` and `diff`. Reads files,
// never the network.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/package.h"
#include "analyzer/core/result.h"

namespace tarsier {

struct InputOptions {
  bool recursive = false;  // look for lockfiles below directories too
  std::string ecosystem;   // "" or a forced ecosystem id
  // "" or a forced lockfile format id (parsers/detect.h) for files given by path. Without it, a
  // file is recognised by its name, else as an archive by its name, else by its content.
  std::string lockfile_kind;
};

struct LocalArchive {
  std::string path;
  // Ecosystem, name and version from the folder's manifest when there is one, else from the
  // archive's file name ("lodash-4.17.21.tgz", "requests-2.31.0-py3-none-any.whl").
  PackageRef ref;
  bool unpacked = false;  // a package folder rather than an archive file
};

struct ResolvedInputs {
  std::vector<std::string> lockfiles;  // files parsed, in the order read
  // From lockfiles and specs, de-duplicated by ecosystem + name + version: the first
  // occurrence wins, but it stays prod (dev=false) / required (optional=false) when any
  // occurrence is.
  std::vector<PackageRef> packages;
  std::vector<LocalArchive> archives;
  std::vector<Diagnostic> errors;    // bad entries and unreadable or unknown inputs
  std::vector<Diagnostic> warnings;  // usable input worth a note (unpinned requirement, ...)
  bool fatal = false;                // some input could not be used at all (exit 2)
};

ResolvedInputs resolve_inputs(const std::vector<std::string>& args, const InputOptions& options);

// One lockfile given as (display name, text), e.g. a git blob shown as "origin/main:yarn.lock":
// `file_name` ("yarn.lock") picks the format as a path's name would, else --lockfile-kind, else
// the content. Diagnostics and PackageRef::lockfile carry `display_name`. Reads no file: an
// include (requirements `-r`) is an error that says it was not followed.
ResolvedInputs resolve_lockfile_text(const std::string& display_name, const std::string& file_name,
                                     std::string_view text, const InputOptions& options);

// Parses "npm:name@version", "pypi:name==version" (version optional) or, with a default
// ecosystem, a bare "name@version" / "name==version". An error when malformed.
Result<PackageRef> parse_package_spec(const std::string& spec,
                                      const std::string& default_ecosystem);

// The identity used for de-duplication: ecosystem, normalised name, version (plus the resolved
// source for entries without a version).
std::string package_identity(const PackageRef& ref);

}  // namespace tarsier
