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

}  // namespace tarsier
