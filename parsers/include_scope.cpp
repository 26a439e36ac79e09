#include "parsers/include_scope.h"

namespace tarsier {

namespace fs = std::filesystem;

fs::path include_root(const fs::path& lockfile) {
  std::error_code ec;
  fs::path file = fs::weakly_canonical(fs::absolute(lockfile, ec), ec);
  fs::path own = file.parent_path();
  for (fs::path dir = own; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) {
      return dir;
    }
    if (dir == dir.root_path()) {
      break;
    }
  }
  return own;
}

std::string include_refusal(const fs::path& target, const fs::path& root) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(target, ec), ec);
  if (ec || resolved.empty()) {
    return "cannot resolve the path";
  }
  fs::path relative = resolved.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") {
    return "it is outside " + root.string() +
           " (includes are followed only within the repository, or the folder, of the lockfile "
           "given)";
  }
  fs::file_status status = fs::status(resolved, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    return "it is not a regular file";
  }
  return "";
}

}  // namespace tarsier
