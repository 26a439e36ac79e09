// poetry.lock, lock-version 1.x (dev packages have `category = "dev"`, hashes under
// [metadata.files]) and 2.x (`groups = [...]`, hashes in each package's `files`).
#include <map>

#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/util/python_name.h"
#include "parsers/common/dependency_scope.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

// Dependency paths from each package's [package.dependencies] table (name -> constraint, or a
// table with `optional = true`). poetry.lock does not record the project's own dependencies
// (pyproject.toml does), so packages no other package depends on are taken as direct ones.
void assign_paths(const std::vector<const toml::table*>& tables, LockfileResult* result) {
  std::multimap<std::string, size_t> node_of;
  for (size_t i = 0; i < result->packages.size(); ++i) {
    node_of.emplace(normalize_project_name(result->packages[i].name), i);
  }
  ScopeGraph graph(result->packages.size());
  for (size_t i = 0; i < tables.size(); ++i) {
    const auto* deps = tables[i]->get_as<toml::table>("dependencies");
    if (deps == nullptr) {
      continue;
    }
    for (const auto& [name, value] : *deps) {
      const auto* spec = value.as_table();
      bool optional = spec != nullptr && (*spec)["optional"].value_or(false);
      auto [first, last] = node_of.equal_range(normalize_project_name(name.str()));
      for (auto to = first; to != last; ++to) {
        graph.add_edge(i, to->second,
                       optional ? DependencyKind::optional : DependencyKind::required);
      }
    }
  }
  graph.add_roots_without_parents();
  graph.assign_paths(&result->packages);
}

class PoetryLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "poetry.lock"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "poetry.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    PythonTomlFormat format{"a Poetry lockfile", "package", [](const toml::table& root) {
                              return root.contains("package") || root.contains("metadata")
                                         ? std::string()
                                         : "not a Poetry lockfile: expected [[package]] tables";
                            }};
    return parse_python_toml_lock(text, path, format, read_package, assign_paths);
  }

 private:
  static void read_package(const toml::table& root, const toml::table& package, PackageRef* ref) {
    ref->optional = package["optional"].value_or(false);
    std::string category = toml_string(package, "category");
    if (!category.empty()) {
      ref->dev = category == "dev";
    } else if (const auto* groups = package.get_as<toml::array>("groups")) {
      bool main = false;
      for (const auto& group : *groups) {
        main = main || group.value_or(std::string()) == "main";
      }
      ref->dev = !groups->empty() && !main;
    }
    add_python_file_hashes(package.get("files"), ref);
    // 1.x keeps hashes apart, under [metadata.files] keyed by project name.
    if (const auto* metadata = root.get_as<toml::table>("metadata")) {
      if (const auto* old_files = metadata->get_as<toml::table>("files")) {
        for (const auto& [name, files] : *old_files) {
          if (normalize_project_name(name.str()) == normalize_project_name(ref->name)) {
            add_python_file_hashes(&files, ref);
          }
        }
      }
    }
    if (const auto* source = package.get_as<toml::table>("source")) {
      std::string type = toml_string(*source, "type");
      std::string url = toml_string(*source, "url");
      if (type == "git") {
        std::string commit = toml_string(*source, "resolved_reference");
        set_python_source("git", url + (commit.empty() ? "" : "#" + commit), ref);
      } else if (type == "url") {
        set_python_source("http", url, ref);
      } else if (type == "file" || type == "directory") {
        set_python_source("file", url, ref);
      }
      // "legacy" / "explicit" sources are package indexes: still a registry download.
    }
  }
};

}  // namespace

const LockfileParser& poetry_lock_parser() {
  static const PoetryLockParser parser;
  return parser;
}

}  // namespace tarsier
