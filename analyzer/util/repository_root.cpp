#include "analyzer/util/repository_root.h"

namespace tarsier {

namespace fs = std::filesystem;

std::optional<fs::path> repository_root(const fs::path& dir) {
  std::error_code ec;
  fs::path start = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) {
    return std::nullopt;
  }
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

std::optional<RepositoryEscape> repository_escape(const fs::path& file) {
  std::error_code ec;
  fs::path written = fs::absolute(file, ec).lexically_normal();
  for (fs::path dir = written.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) {
      RepositoryEscape escape{fs::weakly_canonical(written, ec), fs::weakly_canonical(dir, ec)};
      fs::path relative = escape.resolved.lexically_relative(escape.root);
      if (relative.empty() || *relative.begin() == "..") {
        return escape;
      }
      return std::nullopt;
    }
    if (dir == dir.root_path()) {
      break;
    }
  }
  return std::nullopt;  // outside any repository: the user's own files
}

}  // namespace tarsier
