#include <map>

#include "analyzer/util/integrity.h"
#include "fuzz/fuzz_targets.h"
#include "parsers/lockfile.h"

namespace tarsier::fuzz {

namespace {

const std::map<std::string, const char*, std::less<>> k_files = {
    {"package_lock", "package-lock.json"},
    {"yarn_lock", "yarn.lock"},
    {"pnpm_lock", "pnpm-lock.yaml"},
    {"bun_lock", "bun.lock"},
    {"requirements", "requirements.txt"},
    {"pipfile_lock", "Pipfile.lock"},
    {"poetry_lock", "poetry.lock"},
    {"uv_lock", "uv.lock"},
    {"pdm_lock", "pdm.lock"},
    {"pylock", "pylock.toml"},
};

// One lockfile parser, chosen by the file name it accepts. A kept package never carries a
// malformed pin (finish_lockfile_result turns it into an error): otherwise the registry's
// integrity would silently be trusted instead.
void lockfile(const char* file, std::string_view data) {
  const LockfileParser* parser = find_lockfile_parser(file);
  LockfileResult result = parser->parse(data, file);
  for (const auto& package : result.packages) {
    if (!integrity_problem(package.integrity).empty()) {
      __builtin_trap();
    }
  }
}

}  // namespace

bool run_lockfile_target(std::string_view name, std::string_view data) {
  auto it = k_files.find(name);
  if (it == k_files.end()) {
    return false;
  }
  lockfile(it->second, data);
  return true;
}

std::vector<std::string> lockfile_target_names() {
  std::vector<std::string> names;
  for (const auto& [name, file] : k_files) {
    names.push_back(name);
  }
  return names;
}

}  // namespace tarsier::fuzz
