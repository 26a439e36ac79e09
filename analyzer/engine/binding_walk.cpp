#include "analyzer/engine/binding_walk.h"

#include <algorithm>
#include <cstring>

namespace tarsier {

namespace {

// Where a marker occurs in the source; answers "does [start, end) contain one?" for ranges
// asked in non-decreasing start order (a pre-order walk) in amortised constant time.
class MarkerIndex {
 public:
  MarkerIndex(std::string_view source, std::string_view marker) : m_length(marker.size()) {
    for (size_t at = source.find(marker); at != std::string_view::npos;
         at = source.find(marker, at + 1)) {
      m_positions.push_back(static_cast<uint32_t>(at));
    }
  }
  bool within(uint32_t start, uint32_t end) {
    if (m_next > 0 && m_positions[m_next - 1] >= start) {  // out of order: search again
      m_next = static_cast<size_t>(std::lower_bound(m_positions.begin(), m_positions.end(), start) -
                                   m_positions.begin());
    }
    while (m_next < m_positions.size() && m_positions[m_next] < start) {
      ++m_next;
    }
    return m_next < m_positions.size() && m_positions[m_next] + m_length <= end;
  }

 private:
  std::vector<uint32_t> m_positions;
  size_t m_length;
  size_t m_next = 0;
};

// Per symbol: the kind reported on entering the node, and the kind whose value child is
// reported (-1: none). Nodes report their public symbol, whose name is the type name.
struct KindTables {
  std::vector<int32_t> entry_kind, value_kind;
  std::vector<TSFieldId> value_field;  // per kind

  int32_t of(const std::vector<int32_t>& table, TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    return s < table.size() ? table[s] : -1;
  }
};

KindTables kind_tables(const TSLanguage* language, const std::vector<BindingSiteKind>& kinds) {
  uint32_t symbols = ts_language_symbol_count(language);
  KindTables t{std::vector<int32_t>(symbols, -1), std::vector<int32_t>(symbols, -1),
               std::vector<TSFieldId>(kinds.size(), 0)};
  for (TSSymbol s = 0; s < symbols; ++s) {
    if (ts_language_symbol_type(language, s) != TSSymbolTypeRegular) {
      continue;
    }
    const char* name = ts_language_symbol_name(language, s);
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (std::strcmp(name, kinds[k].node_type) == 0) {
        (kinds[k].value_field ? t.value_kind : t.entry_kind)[s] = static_cast<int32_t>(k);
      }
    }
  }
  for (size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k].value_field != nullptr) {
      t.value_field[k] = ts_language_field_id_for_name(
          language, kinds[k].value_field, static_cast<uint32_t>(std::strlen(kinds[k].value_field)));
    }
  }
  return t;
}

// Which subtrees may hold a site: those that contain one of the kinds' distinct markers (or
// have a parse error); with a kind that has no marker, every subtree.
class SitePruner {
 public:
  SitePruner(std::string_view source, const std::vector<BindingSiteKind>& kinds) {
    std::vector<std::string_view> seen;
    for (const auto& k : kinds) {
      if (k.marker == nullptr) {
        m_prune = false;
      } else if (std::find(seen.begin(), seen.end(), k.marker) == seen.end()) {
        seen.emplace_back(k.marker);
        m_markers.emplace_back(source, k.marker);
      }
    }
  }
  bool may_hold_site(TSNode n) {
    if (!m_prune || ts_node_has_error(n)) {
      return true;
    }
    uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
    for (auto& m : m_markers) {
      if (m.within(start, end)) {
        return true;
      }
    }
    return false;
  }

 private:
  std::vector<MarkerIndex> m_markers;
  bool m_prune = true;
};

}  // namespace

void walk_binding_sites(const TSTree* tree, std::string_view source,
                        const std::vector<BindingSiteKind>& kinds, BindingSiteVisitor& visitor) {
  const KindTables tables = kind_tables(ts_tree_language(tree), kinds);
  SitePruner pruner(source, kinds);
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<TSNode> stack;         // ancestors of `node`, root first
  std::vector<int32_t> value_kinds;  // value_kind of each ancestor
  TSNode node = root;
  for (;;) {
    if (!value_kinds.empty() && value_kinds.back() >= 0 && ts_node_is_named(node)) {
      int32_t k = value_kinds.back();
      if (ts_tree_cursor_current_field_id(&cursor) == tables.value_field[static_cast<size_t>(k)]) {
        visitor.site(
            {static_cast<uint32_t>(k), stack.back(), node, stack.data(), stack.size() - 1});
      }
    }
    int32_t entry = tables.of(tables.entry_kind, node);
    if (entry >= 0) {
      visitor.site({static_cast<uint32_t>(entry), node, TSNode{}, stack.data(), stack.size()});
    }
    if (pruner.may_hold_site(node) && ts_tree_cursor_goto_first_child(&cursor)) {
      stack.push_back(node);
      value_kinds.push_back(tables.of(tables.value_kind, node));
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
