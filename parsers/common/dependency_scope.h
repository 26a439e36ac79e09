// Dev and optional flags derived from a lockfile's dependency graph, for formats that record
// the graph but not the flags (bun.lock, uv.lock). npm's definitions: a package is dev when no
// production path from the project reaches it, and optional when every production path to it
// goes through an optional dependency. Packages the graph never reaches keep their flags. The
// same graph gives each package its dependency path ("vite > rollup > @rollup/rollup-...").
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "analyzer/core/package.h"

namespace tarsier {

enum class DependencyKind { required, optional, dev };

class ScopeGraph {
 public:
  explicit ScopeGraph(size_t nodes) : m_edges(nodes) {}

  // An edge between two packages (indexes into the package list).
  void add_edge(size_t from, size_t to, DependencyKind kind);
  // A dependency of the project itself (a workspace's dependencies, devDependencies, ...).
  void add_root_edge(size_t to, DependencyKind kind);

  // For formats that record no project entry (yarn classic, poetry, package-lock v1): every
  // package no other package depends on is taken as a direct dependency of the project.
  void add_roots_without_parents();

  // Sets dev and optional on every package the project reaches.
  void assign(std::vector<PackageRef>* packages) const;

  // Sets `via` on every package the project reaches: the shortest chain of names from a direct
  // dependency down to the package (breadth-first, so the chain a reviewer would follow).
  void assign_paths(std::vector<PackageRef>* packages) const;

 private:
  // Nodes reachable from the root through edges of the given kinds.
  std::vector<bool> reach(bool optional, bool dev) const;

  std::vector<std::vector<std::pair<size_t, DependencyKind>>> m_edges;
  std::vector<std::pair<size_t, DependencyKind>> m_root;
};

}  // namespace tarsier
