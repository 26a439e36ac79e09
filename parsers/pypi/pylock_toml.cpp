// pylock.toml and pylock.<name>.toml (PEP 751, lock-version 1.0): [[packages]] with `index`
// for registry packages, or a `vcs` / `directory` / `archive` table for direct references;
// hashes are tables ({sha256 = "..."}) on `sdist`, `wheels` and `archive`.
#include "analyzer/ecosystem/pypi/pypi.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

class PylockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "pylock.toml"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    if (base_name == "pylock.toml") {
      return true;
    }
    // "pylock.<name>.toml": one dot-free name in between (PEP 751).
    constexpr std::string_view k_prefix = "pylock.";
    constexpr std::string_view k_suffix = ".toml";
    if (base_name.size() <= k_prefix.size() + k_suffix.size() ||
        base_name.substr(0, k_prefix.size()) != k_prefix ||
        base_name.substr(base_name.size() - k_suffix.size()) != k_suffix) {
      return false;
    }
    std::string_view middle =
        base_name.substr(k_prefix.size(), base_name.size() - k_prefix.size() - k_suffix.size());
    return middle.find('.') == std::string_view::npos;
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    PythonTomlFormat format{"a pylock.toml lockfile", "packages", [](const toml::table& root) {
                              return root.contains("lock-version")
                                         ? std::string()
                                         : "not a pylock.toml lockfile: expected "
                                           "\"lock-version\" (PEP 751)";
                            }};
    return parse_python_toml_lock(text, path, format, read_package);
  }

 private:
  static void read_package(const toml::table&, const toml::table& package, PackageRef* ref) {
    if (const auto* vcs = package.get_as<toml::table>("vcs")) {
      std::string commit = toml_string(*vcs, "commit-id");
      std::string url = toml_string(*vcs, "url");
      set_python_source(
          "git",
          (url.empty() ? toml_string(*vcs, "path") : url) + (commit.empty() ? "" : "#" + commit),
          ref);
    } else if (const auto* directory = package.get_as<toml::table>("directory")) {
      set_python_source((*directory)["editable"].value_or(false) ? "workspace" : "file",
                        toml_string(*directory, "path"), ref);
    } else if (const auto* archive = package.get_as<toml::table>("archive")) {
      std::string url = toml_string(*archive, "url");
      set_python_source(url.empty() ? "file" : "http",
                        url.empty() ? toml_string(*archive, "path") : url, ref);
      add_python_file_hashes(archive, ref);
    }
    add_python_file_hashes(package.get("sdist"), ref);
    add_python_file_hashes(package.get("wheels"), ref);
  }
};

}  // namespace

const LockfileParser& pylock_parser() {
  static const PylockParser parser;
  return parser;
}

}  // namespace tarsier
