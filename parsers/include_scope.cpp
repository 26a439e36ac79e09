#include "parsers/include_scope.h"

#include "analyzer/util/repository_root.h"

namespace tarsier {

namespace fs = std::filesystem;

fs::path include_root(const fs::path& lockfile) {
  std::error_code ec;
  fs::path own = fs::weakly_canonical(fs::absolute(lockfile, ec), ec).parent_path();
  return repository_root(own).value_or(own);
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
