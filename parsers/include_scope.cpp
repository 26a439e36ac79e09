#include "parsers/include_scope.h"

#include "analyzer/util/repository_root.h"

namespace tarsier {

namespace fs = std::filesystem;

fs::path include_root(const fs::path& lockfile) {
  std::error_code ec;
  fs::path own = fs::weakly_canonical(fs::absolute(lockfile, ec), ec).parent_path();
  return repository_root(own).value_or(own);
}

std::string lockfile_refusal(const fs::path& lockfile) {
  if (auto escape = repository_escape(lockfile)) {
    return "it resolves to " + escape->resolved.string() + ", outside the repository " +
           escape->root.string() + " (through a symbolic link): not read";
  }
  return "";
}

std::string include_refusal(const fs::path& target, const fs::path& root) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(fs::absolute(target, ec), ec);
  if (ec || resolved.empty()) {
    return "cannot resolve the path";
  }
  if (!path_within(resolved, root)) {
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
