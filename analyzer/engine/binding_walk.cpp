#include "analyzer/engine/binding_walk.h"

#include <cstring>

namespace tarsier {

void walk_binding_sites(const TSTree* tree, const std::vector<BindingSiteKind>& kinds,
                        BindingSiteVisitor& visitor) {
  const TSLanguage* language = ts_tree_language(tree);
  // Per symbol: the kind reported on entering the node, and the kind whose value child is
  // reported (-1: none). Nodes report their public symbol, whose name is the type name.
  uint32_t symbols = ts_language_symbol_count(language);
  std::vector<int32_t> entry_kind(symbols, -1), value_kind(symbols, -1);
  std::vector<TSFieldId> value_field(kinds.size(), 0);
  for (TSSymbol s = 0; s < symbols; ++s) {
    if (ts_language_symbol_type(language, s) != TSSymbolTypeRegular) {
      continue;
    }
    const char* name = ts_language_symbol_name(language, s);
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (std::strcmp(name, kinds[k].node_type) == 0) {
        (kinds[k].value_field ? value_kind : entry_kind)[s] = static_cast<int32_t>(k);
      }
    }
  }
  for (size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k].value_field != nullptr) {
      value_field[k] = ts_language_field_id_for_name(
          language, kinds[k].value_field, static_cast<uint32_t>(std::strlen(kinds[k].value_field)));
    }
  }
  auto kind_of = [&](const std::vector<int32_t>& table, TSNode n) {
    TSSymbol s = ts_node_symbol(n);
    return s < table.size() ? table[s] : -1;
  };

  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<TSNode> stack;         // ancestors of `node`, root first
  std::vector<int32_t> value_kinds;  // value_kind of each ancestor
  TSNode node = root;
  for (;;) {
    if (!value_kinds.empty() && value_kinds.back() >= 0 && ts_node_is_named(node)) {
      int32_t k = value_kinds.back();
      if (ts_tree_cursor_current_field_id(&cursor) == value_field[static_cast<size_t>(k)]) {
        visitor.site(
            {static_cast<uint32_t>(k), stack.back(), node, stack.data(), stack.size() - 1});
      }
    }
    int32_t entry = kind_of(entry_kind, node);
    if (entry >= 0) {
      visitor.site({static_cast<uint32_t>(entry), node, TSNode{}, stack.data(), stack.size()});
    }
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      stack.push_back(node);
      value_kinds.push_back(kind_of(value_kind, node));
      node = ts_tree_cursor_current_node(&cursor);
      continue;
    }
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (stack.empty() || !ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
      stack.pop_back();
      value_kinds.pop_back();
    }
    if (done) {
      break;
    }
    node = ts_tree_cursor_current_node(&cursor);
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace tarsier
