// The repository a path belongs to: what tarsier reads on a project's behalf (a requirements
// file's includes, the policy file) stays within it, since the project's files may come from a
// pull request and the folders above it belong to someone else (a shared /tmp, the CI runner).
#pragma once

#include <filesystem>
#include <optional>

namespace tarsier {

// The nearest of `dir` and the folders above it holding `.git` (a folder, or the file of a
// worktree or submodule); nullopt outside any repository. `dir` is made absolute and its
// symbolic links resolved first, and so is the answer.
std::optional<std::filesystem::path> repository_root(const std::filesystem::path& dir);

// Whether `path` is `root` or below it (both absolute and normalised); no file system access.
bool path_within(const std::filesystem::path& path, const std::filesystem::path& root);

// A file that lies in a repository by the path as written (the nearest folder above it holding
// `.git`, found without following links) but resolves outside it through a symbolic link: a pull
// request can replace a file, or a folder on its path, with a link to the CI job's own files.
struct RepositoryEscape {
  std::filesystem::path resolved;  // where the file really is
  std::filesystem::path root;      // the repository's root, links resolved
};
std::optional<RepositoryEscape> repository_escape(const std::filesystem::path& file);

}  // namespace tarsier
