// What the Python lockfile formats share once their syntax is read: turning one locked
// distribution (name, version, source, file hashes) into a checked PackageRef, and the common
// [[package]] loop of the TOML formats. Each format only maps its own field names.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/toml_document.h"
#include "parsers/lockfile.h"

namespace tarsier {

// Adds a "sha256:<hex>" (or "sha256=<hex>") digest to ref.integrity as SRI.
void add_python_hash(PackageRef* ref, std::string_view digest);

// Adds the hashes of a list of file tables ({file/url, hash = "sha256:..."} or
// {hashes = {sha256 = "..."}}).
void add_python_file_hashes(const toml::node* files, PackageRef* ref);

// Sets source and resolved for a direct reference: "git" / "http" / "file" / "workspace".
void set_python_source(std::string source, std::string location, PackageRef* ref);

// Validates and appends: a valid PEP 508 name, and a version unless the package comes from
// outside the index. False (with a diagnostic at `line`/`column`) when rejected.
bool add_python_package(PackageRef ref, int column, LockfileResult* result);

// Runs `read` for every table of the array at `key` ([[package]] / [[packages]]), with errors
// for entries that are not tables; a missing array means no packages.
void for_each_package_table(const toml::table& root, std::string_view key, const std::string& path,
                            LockfileResult* result,
                            const std::function<void(const toml::table&)>& read);

// What a TOML Python lockfile format says about itself for parse_python_toml_lock().
struct PythonTomlFormat {
  std::string_view description;              // "a PDM lockfile", for messages
  std::string_view package_key = "package";  // [[package]] or [[packages]]
  // "" when the document is this format, else why not ("not a PDM lockfile: expected ...");
  // the file is then rejected as a whole.
  std::function<std::string(const toml::table& root)> recognise;
};

// The whole parse of a TOML Python lockfile: load, recognise, and for every package table call
// `read` with a PackageRef already carrying lockfile, line, name and version; then validate and
// add it. `finish` (optional) gets the package tables kept, aligned with result->packages, before
// the packages are sorted by line (for scopes derived from the dependency graph).
LockfileResult parse_python_toml_lock(
    std::string_view text, const std::string& path, const PythonTomlFormat& format,
    const std::function<void(const toml::table& root, const toml::table& package, PackageRef* ref)>&
        read,
    const std::function<void(const std::vector<const toml::table*>& tables,
                             LockfileResult* result)>& finish = {});

}  // namespace tarsier
