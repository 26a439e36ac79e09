#include "parsers/common/dependency_scope.h"

#include <algorithm>

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

void ScopeGraph::add_roots_without_parents() {
  std::vector<bool> has_parent(m_edges.size(), false);
  for (const auto& edges : m_edges) {
    for (const auto& [to, kind] : edges) {
      has_parent[to] = true;
    }
  }
  for (const auto& [to, kind] : m_root) {
    has_parent[to] = true;
  }
  for (size_t node = 0; node < m_edges.size(); ++node) {
    if (!has_parent[node]) {
      m_root.emplace_back(node, DependencyKind::required);
    }
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

void ScopeGraph::assign_paths(std::vector<PackageRef>* packages) const {
  constexpr size_t k_none = static_cast<size_t>(-1);
  size_t n = std::min(m_edges.size(), packages->size());
  std::vector<size_t> parent(n, k_none);
  std::vector<bool> seen(n, false);
  std::vector<size_t> queue;
  for (const auto& [to, kind] : m_root) {
    if (to < n && !seen[to]) {
      seen[to] = true;
      queue.push_back(to);
    }
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    size_t node = queue[head];
    for (const auto& [to, kind] : m_edges[node]) {
      if (kind != DependencyKind::dev && to < n && !seen[to]) {
        seen[to] = true;
        parent[to] = node;
        queue.push_back(to);
      }
    }
  }
  for (size_t node : queue) {
    std::vector<std::string> via;
    for (size_t at = node; at != k_none; at = parent[at]) {
      via.push_back((*packages)[at].name);
    }
    (*packages)[node].via.assign(via.rbegin(), via.rend());
  }
}

}  // namespace tarsier
