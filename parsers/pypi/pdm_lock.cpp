// pdm.lock (lock_version 4.x): [[package]] tables with `groups` ("default" is production),
// `files = [{file, hash}]`, and `git` / `url` / `path` keys for direct references.
#include "analyzer/ecosystem/pypi/pypi.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

class PdmLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "pdm.lock"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "pdm.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    PythonTomlFormat format{"a PDM lockfile", "package", [](const toml::table& root) {
                              return root.contains("metadata")
                                         ? std::string()
                                         : "not a PDM lockfile: expected a [metadata] table";
                            }};
    return parse_python_toml_lock(text, path, format, read_package);
  }

 private:
  static void read_package(const toml::table&, const toml::table& package, PackageRef* ref) {
    if (const auto* groups = package.get_as<toml::array>("groups")) {
      bool in_default = false;
      for (const auto& group : *groups) {
        in_default = in_default || group.value_or(std::string()) == "default";
      }
      ref->dev = !groups->empty() && !in_default;
    }
    if (package.contains("git")) {
      std::string revision = toml_string(package, "revision");
      set_python_source(
          "git", toml_string(package, "git") + (revision.empty() ? "" : "#" + revision), ref);
    } else if (package.contains("url")) {
      set_python_source("http", toml_string(package, "url"), ref);
    } else if (package.contains("path")) {
      set_python_source(package["editable"].value_or(false) ? "workspace" : "file",
                        toml_string(package, "path"), ref);
    }
    add_python_file_hashes(package.get("files"), ref);
  }
};

}  // namespace

const LockfileParser& pdm_lock_parser() {
  static const PdmLockParser parser;
  return parser;
}

}  // namespace tarsier
