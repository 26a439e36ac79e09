// uv.lock (version 1): [[package]] tables with `source = { registry | git | url | path |
// directory | editable | virtual = ... }`, an `sdist` and `wheels` carrying sha256 hashes. The
// project itself (editable / virtual) is a local workspace package.
#include <map>
#include <string>
#include <vector>

#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/util/python_name.h"
#include "parsers/common/dependency_scope.h"
#include "parsers/formats.h"
#include "parsers/pypi/python_lock.h"

namespace tarsier {

namespace {

// The names listed in a uv dependency array ([{ name = "x", marker = ... }, ...]).
std::vector<std::string> dependency_names(const toml::node* list) {
  std::vector<std::string> names;
  if (const auto* array = list != nullptr ? list->as_array() : nullptr) {
    for (const auto& item : *array) {
      if (const auto* table = item.as_table()) {
        names.push_back(normalize_project_name(toml_string(*table, "name")));
      }
    }
  }
  return names;
}

// The names of every group of a table of dependency arrays (optional-dependencies,
// dev-dependencies).
std::vector<std::string> group_names(const toml::node* groups) {
  std::vector<std::string> names;
  if (const auto* table = groups != nullptr ? groups->as_table() : nullptr) {
    for (const auto& [group, list] : *table) {
      for (auto& name : dependency_names(&list)) {
        names.push_back(std::move(name));
      }
    }
  }
  return names;
}

// uv.lock records the graph, not the scopes. The project's own packages (editable / virtual)
// are the roots: their dependencies are production, their optional-dependencies optional and
// their dev-dependencies dev; elsewhere optional-dependencies (extras) are optional edges.
void assign_scopes(const std::vector<const toml::table*>& tables, LockfileResult* result) {
  std::multimap<std::string, size_t> node_of;
  for (size_t i = 0; i < result->packages.size(); ++i) {
    node_of.emplace(normalize_project_name(result->packages[i].name), i);
  }
  ScopeGraph graph(result->packages.size());
  for (size_t i = 0; i < tables.size(); ++i) {
    bool member = result->packages[i].source == "workspace";
    auto link = [&](const std::vector<std::string>& names, DependencyKind kind, bool from_root) {
      for (const auto& name : names) {
        auto [first, last] = node_of.equal_range(name);
        for (auto it = first; it != last; ++it) {
          if (from_root) {
            graph.add_root_edge(it->second, kind);
          } else {
            graph.add_edge(i, it->second, kind);
          }
        }
      }
    };
    if (member) {
      graph.add_root_edge(i, DependencyKind::required);
    }
    link(dependency_names(tables[i]->get("dependencies")), DependencyKind::required, false);
    link(group_names(tables[i]->get("optional-dependencies")), DependencyKind::optional, member);
    if (member) {
      link(group_names(tables[i]->get("dev-dependencies")), DependencyKind::dev, true);
    }
  }
  graph.assign(&result->packages);
  graph.assign_paths(&result->packages);
}

class UvLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "uv.lock"; }
  std::string_view ecosystem() const override { return pypi_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "uv.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    PythonTomlFormat format{"a uv lockfile", "package", [](const toml::table& root) {
                              return root.contains("version")
                                         ? std::string()
                                         : "not a uv lockfile: expected \"version\" and "
                                           "[[package]] tables";
                            }};
    return parse_python_toml_lock(text, path, format, read_package, assign_scopes);
  }

 private:
  static void read_package(const toml::table&, const toml::table& package, PackageRef* ref) {
    if (const auto* source = package.get_as<toml::table>("source")) {
      if (source->contains("git")) {
        set_python_source("git", toml_string(*source, "git"), ref);
      } else if (source->contains("url")) {
        set_python_source("http", toml_string(*source, "url"), ref);
      } else if (source->contains("path")) {
        set_python_source("file", toml_string(*source, "path"), ref);
      } else if (source->contains("directory")) {
        set_python_source("file", toml_string(*source, "directory"), ref);
      } else if (source->contains("editable") || source->contains("virtual")) {
        std::string where = toml_string(*source, "editable");
        set_python_source("workspace", where.empty() ? toml_string(*source, "virtual") : where,
                          ref);
      }
    }
    add_python_file_hashes(package.get("sdist"), ref);
    add_python_file_hashes(package.get("wheels"), ref);
  }
};

}  // namespace

const LockfileParser& uv_lock_parser() {
  static const UvLockParser parser;
  return parser;
}

}  // namespace tarsier
