// Accessors for every lockfile format, one per parsers/<ecosystem>/<format>.cpp. Only
// registry.cpp (the list) and tests use these directly; everything else goes through
// find_lockfile_parser().
#pragma once

#include "parsers/lockfile.h"

namespace tarsier {

const LockfileParser& package_lock_parser();  // package-lock.json, npm-shrinkwrap.json

// Orders packages by their line in the lockfile: the JSON and YAML libraries iterate keys in
// their own order, but listings and reports should follow the file.
void sort_by_line(LockfileResult* result);

}  // namespace tarsier
