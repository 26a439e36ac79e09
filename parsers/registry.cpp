// The list of supported lockfile formats. Adding a format: one new .cpp under parsers/<ecosystem>/
// and one line here.
#include <algorithm>

#include "analyzer/util/integrity.h"
#include "parsers/formats.h"
#include "parsers/lockfile.h"

namespace tarsier {

const std::vector<const LockfileParser*>& lockfile_parsers() {
  static const std::vector<const LockfileParser*> parsers = {
      &package_lock_parser(), &yarn_lock_parser(),    &pnpm_lock_parser(),   &bun_lock_parser(),
      &requirements_parser(), &pipfile_lock_parser(), &poetry_lock_parser(), &uv_lock_parser(),
      &pdm_lock_parser(),     &pylock_parser(),
  };
  return parsers;
}

const LockfileParser* find_lockfile_parser(std::string_view base_name) {
  for (const auto* parser : lockfile_parsers()) {
    if (parser->accepts_file_name(base_name)) {
      return parser;
    }
  }
  return nullptr;
}

std::string supported_lockfile_names() {
  return "package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock, "
         "requirements*.txt, Pipfile.lock, poetry.lock, uv.lock, pdm.lock, pylock.toml";
}

void finish_lockfile_result(LockfileResult* result) {
  std::vector<PackageRef> kept;
  kept.reserve(result->packages.size());
  for (auto& package : result->packages) {
    std::string problem = integrity_problem(package.integrity);
    if (problem.empty()) {
      kept.push_back(std::move(package));
      continue;
    }
    result->errors.push_back({package.lockfile, package.line, 0,
                              package.name + (package.version.empty() ? "" : "@") +
                                  package.version + ": " + problem +
                                  "; the entry is not scanned (a damaged pin is never replaced "
                                  "by the registry's integrity)"});
  }
  result->packages = std::move(kept);
  std::stable_sort(result->packages.begin(), result->packages.end(),
                   [](const PackageRef& a, const PackageRef& b) { return a.line < b.line; });
  std::stable_sort(result->errors.begin(), result->errors.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
}

}  // namespace tarsier
