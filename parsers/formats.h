// Accessors for every lockfile format, one per parsers/<ecosystem>/<format>.cpp. Only
// registry.cpp (the list) and tests use these directly; everything else goes through
// find_lockfile_parser().
#pragma once

#include "parsers/lockfile.h"

namespace tarsier {

const LockfileParser& package_lock_parser();  // package-lock.json, npm-shrinkwrap.json
const LockfileParser& yarn_lock_parser();     // yarn.lock, classic and Berry
const LockfileParser& pnpm_lock_parser();     // pnpm-lock.yaml 5.x, 6.0, 9.0
const LockfileParser& bun_lock_parser();      // bun.lock (text, JSON with trailing commas)
const LockfileParser& requirements_parser();  // requirements*.txt
const LockfileParser& pipfile_lock_parser();  // Pipfile.lock
const LockfileParser& poetry_lock_parser();   // poetry.lock 1.x and 2.x
const LockfileParser& uv_lock_parser();       // uv.lock
const LockfileParser& pdm_lock_parser();      // pdm.lock
const LockfileParser& pylock_parser();        // pylock.toml, pylock.<name>.toml (PEP 751)

// The last step of every parser. An entry whose integrity is malformed ("xxxxxxxxxx",
// "sha512-AAAA", "md5-...", a cut-short --hash) becomes an error instead of a package: dropping
// the pin would let the registry's own integrity be trusted instead. Then packages and errors are
// ordered by their line in the lockfile: the JSON and YAML libraries iterate keys in their own
// order, but listings and reports should follow the file.
void finish_lockfile_result(LockfileResult* result);

}  // namespace tarsier
