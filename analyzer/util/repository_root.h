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

}  // namespace tarsier
