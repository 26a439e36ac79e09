// Where the files a requirements file includes (`-r FILE`, `-c FILE`) may be read from. The
// lockfile comes from the project, often from a pull request, so its includes are not trusted:
// followed anywhere, `-r /proc/self/environ` or `-r ../../.npmrc` would make the scanner read the
// CI job's secrets and quote them in its diagnostics and reports, and ask the package index for
// "packages" named after them. Includes are followed only within the repository that holds the
// lockfile given (the nearest folder above it with a `.git`), or, outside any repository,
// within that lockfile's own folder; only regular files, and symbolic links are resolved first,
// so a link in the checkout cannot point out of it.
#pragma once

#include <filesystem>
#include <string>

namespace tarsier {

// The folder includes from `lockfile` (a file named on the command line or found in a folder
// given) are confined to: the nearest folder above it holding `.git`, else its own folder.
// Canonical (symbolic links resolved).
std::filesystem::path include_root(const std::filesystem::path& lockfile);

// Why a lockfile named on the command line or found in a folder may not be read, or "" when it
// may: inside a repository (found from the path as written, without following links), the file
// must resolve within that repository. A pull request can replace requirements.txt, or a folder
// on its path, with a symbolic link to the CI job's own files.
std::string lockfile_refusal(const std::filesystem::path& lockfile);

// Why `target` may not be read as an include confined to `root`, or "" when it may.
std::string include_refusal(const std::filesystem::path& target, const std::filesystem::path& root);

}  // namespace tarsier
