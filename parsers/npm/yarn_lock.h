// yarn.lock in its two unrelated syntaxes: classic (Yarn 1, its own indented format) and Berry
// (Yarn 2+, YAML with `__metadata`). The "yarn.lock" parser picks one by content.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/dependency_scope.h"
#include "parsers/lockfile.h"

namespace tarsier {

LockfileResult parse_yarn_classic(std::string_view text, const std::string& path);
LockfileResult parse_yarn_berry(std::string_view text, const std::string& path);

// Applies a yarn descriptor ("name@range", "alias@npm:real@range", "name@git+https://...")
// and the resolved value to `ref`: real name, alias, source. `descriptor` is one of the
// comma-separated names of an entry.
void apply_yarn_descriptor(std::string_view descriptor, PackageRef* ref);

// The dependency graph of a yarn.lock, for dependency paths. Entries answer to descriptors
// ("ms@^2.1.3", Berry "ms@npm:^2.1.3"); a dependency `ms "^2.1.3"` names the descriptor
// "ms@^2.1.3". Berry's workspace entries are the project: their dependencies are the direct ones.
// Yarn classic records no project entry, so there the packages no entry depends on are taken
// as the direct dependencies.
class YarnGraph {
 public:
  // Package `index` (into the result's packages) answers to `descriptors`.
  void add_entry(size_t index, const std::vector<std::string>& descriptors, bool workspace);
  // Package `index` depends on `name` with `range` as written in its dependencies block.
  void add_dependency(size_t index, const std::string& name, const std::string& range,
                      DependencyKind kind);
  void assign_paths(std::vector<PackageRef>* packages) const;

 private:
  std::map<std::string, size_t> m_entry_of;  // descriptor -> package index
  std::set<size_t> m_workspaces;
  struct Edge {
    size_t from;
    std::string descriptor;
    DependencyKind kind;
  };
  std::vector<Edge> m_edges;
};

}  // namespace tarsier
