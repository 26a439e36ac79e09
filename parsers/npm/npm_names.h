// npm name and version helpers shared by the npm-family lockfiles (package-lock, yarn, pnpm,
// bun): "name@version" splitting that respects scopes, node_modules paths and aliases.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/core/package.h"

namespace tarsier {

// The package name after the last "node_modules/" of a package-lock key, "" when there is none.
std::string_view name_from_node_modules_path(std::string_view key);

// Splits "name@rest" where name may be scoped ("@scope/name@1.0.0"). False when there is no
// '@' after the name.
bool split_name_at(std::string_view spec, std::string* name, std::string* rest);

// True when `name` is a plausible npm package name (non-empty, scoped form "@a/b" complete,
// no spaces or path tricks); lockfile keys that fail this are reported, not fetched.
bool valid_npm_name(std::string_view name);

// Applies a version-like string from a lockfile to `ref`: "1.2.3" sets the version;
// "npm:real@1.2.3" makes `ref` an alias of real@1.2.3; git, http(s) and file specifiers set
// source and resolved. `local_name` is the name the entry is installed under.
void apply_npm_version_spec(std::string_view spec, std::string_view local_name, PackageRef* ref);

// Sets `ref.source` from its resolved URL: git/file/http, or registry for registry tarballs.
void classify_npm_resolved(PackageRef* ref);

}  // namespace tarsier
