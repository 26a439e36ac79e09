// Reads a file as it was at a git revision by running `git show REV:PATH` directly (no shell),
// so `tarsier diff --base-ref REF` can compare a lockfile against the pull request's base.
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/result.h"

namespace tarsier {

struct GitFile {
  bool exists = false;  // false: the revision exists but the file did not exist there
  std::string content;
  std::string repo_path;  // path of the file relative to the repository root
};

// An error when `file` is not in a git work tree or `revision` is unknown.
Result<GitFile> read_file_at_revision(const std::string& file, const std::string& revision);

}  // namespace tarsier
