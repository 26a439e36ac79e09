#include "parsers/common/dependency_scope.h"

namespace tarsier {

void ScopeGraph::add_edge(size_t from, size_t to, DependencyKind kind) {
  if (from < m_edges.size() && to < m_edges.size() && from != to) {
    m_edges[from].emplace_back(to, kind);
  }
}

void ScopeGraph::add_root_edge(size_t to, DependencyKind kind) {
  if (to < m_edges.size()) {
    m_root.emplace_back(to, kind);
  }
}

std::vector<bool> ScopeGraph::reach(bool optional, bool dev) const {
  auto follows = [&](DependencyKind kind) {
    return kind == DependencyKind::required || (optional && kind == DependencyKind::optional) ||
           (dev && kind == DependencyKind::dev);
  };
  std::vector<bool> seen(m_edges.size(), false);
  std::vector<size_t> stack;  // iterative: lockfile graphs can be deep
  for (const auto& [to, kind] : m_root) {
    if (follows(kind) && !seen[to]) {
      seen[to] = true;
      stack.push_back(to);
    }
  }
  while (!stack.empty()) {
    size_t node = stack.back();
    stack.pop_back();
    for (const auto& [to, kind] : m_edges[node]) {
      // A dev dependency of a dependency is never installed: dev edges count from the root only.
      if (kind != DependencyKind::dev && follows(kind) && !seen[to]) {
        seen[to] = true;
        stack.push_back(to);
      }
    }
  }
  return seen;
}

void ScopeGraph::assign(std::vector<PackageRef>* packages) const {
  std::vector<bool> any = reach(true, true);
  std::vector<bool> production = reach(true, false);
  std::vector<bool> required = reach(false, false);
  for (size_t i = 0; i < packages->size() && i < m_edges.size(); ++i) {
    if (!any[i]) {
      continue;
    }
    PackageRef& ref = (*packages)[i];
    ref.dev = !production[i];
    ref.optional = production[i] && !required[i];
  }
}

}  // namespace tarsier
