#include <catch2/catch.hpp>

#include "parsers/common/dependency_scope.h"

using namespace tarsier;

TEST_CASE("ScopeGraph derives npm's dev and optional flags from the graph", "[parsers][scope]") {
  // 0 prod root -> 1 (required) -> 2 (optional) -> 3 (required) -> 1 (a cycle)
  // 4 dev root -> 5 (required); 1 -> 6 (dev edge of a dependency: never installed)
  // 7 optional root; 8 is reached by nothing and keeps its flags.
  std::vector<PackageRef> packages(9);
  packages[8].dev = true;
  ScopeGraph graph(packages.size());
  graph.add_root_edge(0, DependencyKind::required);
  graph.add_edge(0, 1, DependencyKind::required);
  graph.add_edge(1, 2, DependencyKind::optional);
  graph.add_edge(2, 3, DependencyKind::required);
  graph.add_edge(3, 1, DependencyKind::required);
  graph.add_root_edge(4, DependencyKind::dev);
  graph.add_edge(4, 5, DependencyKind::required);
  graph.add_edge(1, 6, DependencyKind::dev);
  graph.add_root_edge(7, DependencyKind::optional);
  graph.add_edge(7, 5, DependencyKind::required);
  graph.assign(&packages);
  CHECK_FALSE(packages[1].dev);
  CHECK_FALSE(packages[1].optional);
  CHECK(packages[2].optional);
  CHECK(packages[3].optional);  // only reached through the optional edge
  CHECK(packages[4].dev);
  CHECK(packages[5].optional);  // dev root and optional root: installed in production, optional
  CHECK_FALSE(packages[5].dev);
  CHECK_FALSE(packages[6].dev);  // not reached at all: unchanged
  CHECK(packages[7].optional);
  CHECK(packages[8].dev);
}
