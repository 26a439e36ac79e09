// uv.lock (version 1): [[package]] tables with `source = { registry | git | url | path |
// directory | editable | virtual = ... }`, an `sdist` and `wheels` carrying sha256 hashes. The
// project itself (editable / virtual) is a local workspace package.
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

class UvLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "uv.lock"; }
  std::string_view ecosystem() const override { return "pypi"; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "uv.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    LockfileResult result;
    toml::table root;
    if (!load_toml_lockfile(text, path, "a uv lockfile", &root, &result)) {
      return result;
    }
    if (!root.contains("version") || !root.contains("package")) {
      if (!root.contains("version")) {
        result.errors.push_back({path, 1, 1,
                                 "not a uv lockfile: expected \"version\" and "
                                 "[[package]] tables"});
        result.fatal = true;
      }
      return result;
    }
    for_each_package_table(root, "package", path, &result, [&](const toml::table& package) {
      PackageRef ref;
      ref.lockfile = path;
      ref.line = toml_line(package);
      ref.name = toml_string(package, "name");
      ref.version = toml_string(package, "version");
      if (const auto* source = package.get_as<toml::table>("source")) {
        if (source->contains("git")) {
          set_python_source("git", toml_string(*source, "git"), &ref);
        } else if (source->contains("url")) {
          set_python_source("http", toml_string(*source, "url"), &ref);
        } else if (source->contains("path")) {
          set_python_source("file", toml_string(*source, "path"), &ref);
        } else if (source->contains("directory")) {
          set_python_source("file", toml_string(*source, "directory"), &ref);
        } else if (source->contains("editable") || source->contains("virtual")) {
          std::string where = toml_string(*source, "editable");
          set_python_source("workspace", where.empty() ? toml_string(*source, "virtual") : where,
                            &ref);
        }
      }
      add_python_file_hashes(package.get("sdist"), &ref);
      add_python_file_hashes(package.get("wheels"), &ref);
      add_python_package(std::move(ref), 1, &result);
    });
    sort_by_line(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& uv_lock_parser() {
  static const UvLockParser parser;
  return parser;
}

}  // namespace tarsier
