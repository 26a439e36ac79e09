// One tree-cursor walk that finds a file's binding sites (declarations, assignments, imports) for
// the resolvers. It replaces a per-file tree-sitter query, which cost about as much as a quarter
// of the whole query pass on big bundles, and reports the sites in the order that query did:
// the pre-order of the node completing each site (the whole node for `(import_statement)`, the
// value child for `(variable_declarator name: ... value: (_))`). The order matters: the
// resolvers keep only the first bindings of a name and resolve keys while collecting.
// Most of a bundle's nodes sit in subtrees that cannot hold a site (a call's arguments, a
// condition): every site's source text contains its kind's marker ("=", "import"), so the walk
// does not descend into an error-free subtree whose text contains no marker.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

namespace tarsier {

struct BindingSiteKind {
  const char* node_type;  // the site node, e.g. "variable_declarator"
  // Reported when the walk enters the named child in this field (the site's last part); nullptr:
  // reported when it enters the site node itself.
  const char* value_field = nullptr;
  // Text every site of this kind contains when its subtree has no syntax error (the "=" of a
  // declarator with a value, the "import" keyword); nullptr: none, every subtree is walked.
  const char* marker = nullptr;
};

struct BindingSite {
  uint32_t kind = 0;  // index into the kinds passed to walk_binding_sites
  TSNode node{};      // the site node
  TSNode value{};     // the child in `value_field` (null for whole-node kinds)
  // Ancestors of `node`, outermost (the root) first; valid during the callback only.
  const TSNode* ancestors = nullptr;
  size_t ancestor_count = 0;
};

class BindingSiteVisitor {
 public:
  virtual ~BindingSiteVisitor() = default;
  virtual void site(const BindingSite& site) = 0;
};

// Walks the tree of `source` iteratively and calls `visitor` for every site of `kinds`.
void walk_binding_sites(const TSTree* tree, std::string_view source,
                        const std::vector<BindingSiteKind>& kinds, BindingSiteVisitor& visitor);

}  // namespace tarsier
