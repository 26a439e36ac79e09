#include "analyzer/util/repository_root.h"

namespace tarsier {

namespace fs = std::filesystem;

namespace {

// The nearest of `start` and the folders above it holding `.git`, walking the path as given.
std::optional<fs::path> nearest_repository(const fs::path& start) {
  std::error_code ec;
  for (fs::path at = start; !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / ".git", ec)) {
      return at;
    }
    if (at == at.root_path()) {
      break;
    }
  }
  return std::nullopt;
}

}  // namespace

bool path_within(const fs::path& path, const fs::path& root) {
  fs::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

std::optional<fs::path> repository_root(const fs::path& dir) {
  std::error_code ec;
  fs::path start = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) {
    return std::nullopt;
  }
  return nearest_repository(start);
}

std::optional<RepositoryEscape> repository_escape(const fs::path& file) {
  std::error_code ec;
  fs::path written = fs::absolute(file, ec).lexically_normal();
  std::optional<fs::path> repository = nearest_repository(written.parent_path());
  if (!repository) {
    return std::nullopt;  // outside any repository: the user's own files
  }
  RepositoryEscape escape{fs::weakly_canonical(written, ec), fs::weakly_canonical(*repository, ec)};
  if (path_within(escape.resolved, escape.root)) {
    return std::nullopt;
  }
  return escape;
}

}  // namespace tarsier
