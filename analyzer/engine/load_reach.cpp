// See load_reach.h.
#include "analyzer/engine/load_reach.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/engine/threats.h"

namespace tarsier {

namespace {

enum class Kind { runs, neutral, deferred };

struct TopLevel {
  TSNode node;
  Kind kind = Kind::runs;
  std::vector<std::string_view> names;  // what callers call it by
};

bool is(TSNode n, const char* type) {
  return !ts_node_is_null(n) && std::strcmp(ts_node_type(n), type) == 0;
}

std::string_view text_of(TSNode n, std::string_view source) {
  if (ts_node_is_null(n)) {
    return {};
  }
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  return e <= source.size() && b <= e ? source.substr(b, e - b) : std::string_view();
}

bool is_function_value(TSNode v) {
  for (const char* t :
       {"arrow_function", "function", "function_expression", "generator_function", "class"}) {
    if (is(v, t)) {
      return true;
    }
  }
  return false;
}

// A class body that runs code when the class is defined: static blocks and static fields.
bool runs_at_definition(TSNode cls, std::string_view source) {
  TSNode body = ts_node_child_by_field_name(cls, "body", 4);
  if (ts_node_is_null(body)) {
    return true;  // not a well-formed class: assume it runs
  }
  uint32_t n = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < n; ++i) {
    TSNode member = ts_node_named_child(body, i);
    if (is(member, "class_static_block") ||
        (!is(member, "method_definition") && text_of(member, source).substr(0, 6) == "static")) {
      return true;
    }
  }
  return false;
}

void classify_declaration(TSNode d, std::string_view source, TopLevel* out) {
  if (is(d, "function_declaration") || is(d, "generator_function_declaration") ||
      is(d, "class_declaration") || is(d, "abstract_class_declaration")) {
    bool cls = std::strstr(ts_node_type(d), "class") != nullptr;
    if (cls && runs_at_definition(d, source)) {
      return;
    }
    out->kind = Kind::deferred;
    out->names.push_back(text_of(ts_node_child_by_field_name(d, "name", 4), source));
    return;
  }
  if (is(d, "lexical_declaration") || is(d, "variable_declaration")) {
    uint32_t n = ts_node_named_child_count(d);
    std::vector<std::string_view> names;
    for (uint32_t i = 0; i < n; ++i) {
      TSNode v = ts_node_named_child(d, i);
      TSNode value = ts_node_child_by_field_name(v, "value", 5);
      TSNode name = ts_node_child_by_field_name(v, "name", 4);
      if (!is(v, "variable_declarator") || ts_node_is_null(value) || !is_function_value(value) ||
          !is(name, "identifier") || (is(value, "class") && runs_at_definition(value, source))) {
        return;
      }
      names.push_back(text_of(name, source));
    }
    out->kind = n > 0 ? Kind::deferred : Kind::runs;
    out->names = std::move(names);
    return;
  }
  if (is(d, "interface_declaration") || is(d, "type_alias_declaration")) {
    out->kind = Kind::neutral;
  }
}

TopLevel classify(TSNode statement, std::string_view source) {
  TopLevel t{statement, Kind::runs, {}};
  if (is(statement, "import_statement") || is(statement, "comment") ||
      is(statement, "empty_statement")) {
    t.kind = Kind::neutral;
  } else if (is(statement, "export_statement")) {
    TSNode decl = ts_node_child_by_field_name(statement, "declaration", 11);
    TSNode value = ts_node_child_by_field_name(statement, "value", 5);
    if (!ts_node_is_null(decl)) {
      classify_declaration(decl, source, &t);
    } else if (!ts_node_is_null(value)) {
      t.kind = is_function_value(value) ? Kind::deferred : Kind::runs;  // export default ...
    } else {
      t.kind = Kind::neutral;  // export { a, b } [from '...'], export * from '...'
    }
  } else {
    classify_declaration(statement, source, &t);
  }
  return t;
}

bool ident_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// Adds the identifiers written in `text` to `used`; the new ones go to `fresh` too.
void add_identifiers(std::string_view text, std::unordered_set<std::string_view>* used,
                     std::vector<std::string_view>* fresh) {
  size_t i = 0;
  while (i < text.size()) {
    if (!ident_char(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < text.size() && ident_char(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
    if (used->insert(text.substr(b, i - b)).second) {
      fresh->push_back(text.substr(b, i - b));
    }
  }
}

}  // namespace

std::vector<ByteRange> deferred_ranges(const TSTree* tree, std::string_view source) {
  TSNode root = ts_tree_root_node(tree);
  uint32_t n = ts_node_named_child_count(root);
  std::vector<TopLevel> statements;
  statements.reserve(n);
  std::unordered_map<std::string_view, std::vector<size_t>> declared;
  std::unordered_set<std::string_view> used;
  std::vector<std::string_view> fresh;
  for (uint32_t i = 0; i < n; ++i) {
    statements.push_back(classify(ts_node_named_child(root, i), source));
    const TopLevel& t = statements.back();
    if (t.kind == Kind::runs) {
      add_identifiers(text_of(t.node, source), &used, &fresh);
    }
    for (auto name : t.names) {
      declared[name].push_back(statements.size() - 1);
    }
  }
  // A declaration that load-time code names runs too, and so does whatever it names.
  while (!fresh.empty()) {
    std::string_view name = fresh.back();
    fresh.pop_back();
    auto it = declared.find(name);
    if (it == declared.end()) {
      continue;
    }
    for (size_t k : it->second) {
      if (statements[k].kind == Kind::deferred) {
        statements[k].kind = Kind::runs;
        add_identifiers(text_of(statements[k].node, source), &used, &fresh);
      }
    }
  }
  std::vector<ByteRange> out;
  for (const auto& t : statements) {
    if (t.kind != Kind::runs) {  // an import loads a module; it runs nothing of this file
      out.emplace_back(ts_node_start_byte(t.node), ts_node_end_byte(t.node));
    }
  }
  return out;
}

void mark_load_time(const std::vector<ByteRange>& deferred, std::vector<Signal>* signals) {
  for (auto& s : *signals) {
    bool acts = false, marked = false;
    for (const auto& tag : s.tags) {
      acts = acts || tag == "exec" || tag == "download" || tag == "fs-write" || tag == "chmod";
      marked = marked || tag == "at-load";
    }
    if (!acts || marked) {
      continue;
    }
    // The ranges are in file order and do not overlap: the last one starting at or before it.
    auto after = std::upper_bound(deferred.begin(), deferred.end(), s.begin,
                                  [](size_t at, const ByteRange& r) { return at < r.first; });
    bool inside = !s.whole_file && after != deferred.begin() && s.begin < std::prev(after)->second;
    if (!inside) {
      s.tags.push_back("at-load");
    }
  }
}

}  // namespace tarsier
