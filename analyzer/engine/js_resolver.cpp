// JavaScript / TypeScript resolver: see resolver.h for what it folds and why.
#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

#include "analyzer/engine/binding_walk.h"
#include "analyzer/engine/resolver.h"
#include "analyzer/util/base64.h"

namespace tarsier {

namespace {

using resolve::is_type;
using resolve::k_max_depth;
using resolve::k_max_value;

// Functions whose call with a constant argument yields that module.
constexpr std::array<std::string_view, 8> k_loaders = {"require",
                                                       "module.require",
                                                       "process.mainModule.require",
                                                       "require.main.require",
                                                       "module.constructor._load",
                                                       "module._load",
                                                       "import",
                                                       "module.constructor.prototype.require"};

bool is_loader(std::string_view path) {
  for (auto l : k_loaders) {
    if (l == path) {
      return true;
    }
  }
  return false;
}

const TailSet& loader_tails() {
  static const TailSet tails(std::vector<std::string>(k_loaders.begin(), k_loaders.end()));
  return tails;
}

std::string strip_node_prefix(std::string module) {
  if (module.rfind("node:", 0) == 0) {
    module.erase(0, 5);
  }
  return module;
}

bool is_global_root(std::string_view name) {
  return name == "global" || name == "globalThis" || name == "window" || name == "self";
}

std::string join_path(const std::string& base, std::string_view member) {
  return base.empty() ? std::string(member) : base + "." + std::string(member);
}

struct Binding {
  TSNode value{};            // the bound expression (null for fixed paths)
  std::string fixed_path;    // import bindings: the module path
  std::string member;        // destructuring: path(value) + "." + member
  TSNode site{};             // the declaration
  uint32_t scope_start = 0;  // the block or function the binding is visible in
  uint32_t scope_end = UINT32_MAX;
};

// Field ids, looked up once per language: ts_node_child_by_field_name compares strings on
// every call, which dominated the resolver's profile.
struct FieldIds {
  TSFieldId k_alias = 0;
  TSFieldId k_arguments = 0;
  TSFieldId k_function = 0;
  TSFieldId k_index = 0;
  TSFieldId k_key = 0;
  TSFieldId k_left = 0;
  TSFieldId k_name = 0;
  TSFieldId k_object = 0;
  TSFieldId k_operator = 0;
  TSFieldId k_property = 0;
  TSFieldId k_right = 0;
  TSFieldId k_source = 0;
  TSFieldId k_value = 0;
  explicit FieldIds(const TSLanguage* l) {
    k_alias = ts_language_field_id_for_name(l, "alias", 5);
    k_arguments = ts_language_field_id_for_name(l, "arguments", 9);
    k_function = ts_language_field_id_for_name(l, "function", 8);
    k_index = ts_language_field_id_for_name(l, "index", 5);
    k_key = ts_language_field_id_for_name(l, "key", 3);
    k_left = ts_language_field_id_for_name(l, "left", 4);
    k_name = ts_language_field_id_for_name(l, "name", 4);
    k_object = ts_language_field_id_for_name(l, "object", 6);
    k_operator = ts_language_field_id_for_name(l, "operator", 8);
    k_property = ts_language_field_id_for_name(l, "property", 8);
    k_right = ts_language_field_id_for_name(l, "right", 5);
    k_source = ts_language_field_id_for_name(l, "source", 6);
    k_value = ts_language_field_id_for_name(l, "value", 5);
  }
};

const FieldIds& field_ids(Lang lang) {
  static const FieldIds js(ts_language(Lang::javascript));
  static const FieldIds ts(ts_language(Lang::typescript));
  static const FieldIds tsx(ts_language(Lang::tsx));
  return lang == Lang::typescript ? ts : lang == Lang::tsx ? tsx : js;
}

inline TSNode field(TSNode n, TSFieldId id) {
  return ts_node_child_by_field_id(n, id);
}

// Node types that open a scope for the bindings declared inside them.
bool opens_scope(TSNode n) {
  const char* t = ts_node_type(n);
  return std::strcmp(t, "statement_block") == 0 || std::strcmp(t, "program") == 0 ||
         std::strcmp(t, "function_declaration") == 0 ||
         std::strcmp(t, "function_expression") == 0 || std::strcmp(t, "function") == 0 ||
         std::strcmp(t, "arrow_function") == 0 || std::strcmp(t, "method_definition") == 0 ||
         std::strcmp(t, "generator_function_declaration") == 0 || std::strcmp(t, "class_body") == 0;
}

class JsResolver final : public ValueResolver, private BindingSiteVisitor {
 public:
  JsResolver(const TSTree* tree, std::string_view source, Lang lang)
      : m_tree(tree), m_source(source), m_lang(lang), m_fields(field_ids(lang)) {}

  std::optional<std::string> constant(TSNode node) override { return constant_at(node, 0); }
  std::optional<std::string> path(TSNode node) override {
    auto p = path_at(node, 0);
    return p ? callee_path(node, std::move(*p)) : p;
  }

  // A string literal without escapes: decode_string would return its one fragment (or "").
  bool constant_in_source(TSNode node, std::string_view* out) const override {
    if (!is_type(node, "string")) {
      return false;
    }
    uint32_t named = ts_node_named_child_count(node);
    if (named == 0) {
      *out = {};
      return true;
    }
    TSNode fragment = ts_node_named_child(node, 0);
    if (named != 1 || !is_type(fragment, "string_fragment")) {
      return false;
    }
    *out = text(fragment);
    return true;
  }

  // Mirrors path_at and base_path without resolving anything: the outermost member of a chain
  // is the path's last part; a call has a path only when its callee is a loader and it has an
  // argument; node types base_path does not know have none.
  PathShape path_shape(TSNode node) const override {
    PathShape shape = shape_of(node);
    if (shape.kind != PathShape::Kind::unknown || !is_type(unwrapped(node), "call_expression")) {
      return shape;
    }
    TSNode call = unwrapped(node);
    PathShape callee = shape_of(field(call, m_fields.k_function));
    // Reflect.get(o, 'k') and f.bind(t) stand for a member or a function, not a call result.
    if (callee.kind == PathShape::Kind::tail && (callee.tail == "get" || callee.tail == "bind")) {
      return {};
    }
    if (ts_node_named_child_count(field(call, m_fields.k_arguments)) == 0 ||
        !loader_tails().admits(callee)) {
      return {PathShape::Kind::call, {}};
    }
    return {};
  }

 private:
  std::string_view text(TSNode n) const { return resolve::node_text(n, m_source); }

  static bool is_wrapper(const char* type) {
    return std::strcmp(type, "parenthesized_expression") == 0 ||
           std::strcmp(type, "sequence_expression") == 0 ||
           std::strcmp(type, "await_expression") == 0 ||
           std::strcmp(type, "non_null_expression") == 0;
  }

  // The node path_at looks through wrappers to (null when a wrapper is empty); gives up (returns
  // the wrapper) past k_max_depth levels, where path_at has no answer.
  static TSNode unwrapped(TSNode node) {
    for (int depth = 0; depth <= k_max_depth && !ts_node_is_null(node); ++depth) {
      if (!is_wrapper(ts_node_type(node))) {
        return node;
      }
      uint32_t n = ts_node_named_child_count(node);
      if (n == 0) {
        return TSNode{};
      }
      node = ts_node_named_child(node, n - 1);
    }
    return node;
  }

  // path_shape without the loader check: calls are unknown.
  PathShape shape_of(TSNode node) const {
    TSNode cur = unwrapped(node);
    if (ts_node_is_null(cur)) {
      return {PathShape::Kind::none, {}};
    }
    const char* type = ts_node_type(cur);
    if (std::strcmp(type, "member_expression") == 0) {
      TSNode prop = field(cur, m_fields.k_property);
      if (ts_node_is_null(prop)) {
        return {};
      }
      if (text(prop) == "call" || text(prop) == "apply") {
        // o.f.call(t, ...) is reported as o.f (callee_path): its tail is f's. Anything else
        // (Reflect.apply, Function.prototype.call.call, an alias .call) may be any path.
        TSNode object = field(cur, m_fields.k_object);
        TSNode inner =
            is_type(object, "member_expression") ? field(object, m_fields.k_property) : TSNode{};
        if (ts_node_is_null(inner) || text(inner) == "call" || text(inner) == "apply") {
          return {};
        }
        return PathShape{PathShape::Kind::tail, text(inner)};
      }
      return PathShape{PathShape::Kind::tail, text(prop)};
    }
    if (std::strcmp(type, "this") == 0 || std::strcmp(type, "super") == 0 ||
        std::strcmp(type, "import") == 0) {
      return {PathShape::Kind::tail, type};
    }
    if (std::strcmp(type, "subscript_expression") == 0 || std::strcmp(type, "identifier") == 0 ||
        std::strcmp(type, "call_expression") == 0 || is_wrapper(type)) {
      return {};
    }
    return {PathShape::Kind::none, {}};
  }

  // The binding sites, walked in the order a query over them would report (binding_walk.h):
  //   (variable_declarator name: (identifier | object_pattern) value: (_))
  //   (assignment_expression left: (identifier) right: (_))
  //   (import_statement)
  void collect() {
    if (m_collected) {
      return;
    }
    m_collected = true;
    static const std::vector<BindingSiteKind> k_kinds = {{"variable_declarator", "value", "="},
                                                         {"assignment_expression", "right", "="},
                                                         {"import_statement", nullptr, "import"}};
    walk_binding_sites(m_tree, m_source, k_kinds, *this);
    m_walk_site = nullptr;
  }

  void site(const BindingSite& s) override {
    m_walk_site = &s;
    if (s.kind == 2) {
      m_site = s.node;
      add_import(s.node);
      return;
    }
    TSNode target = field(s.node, s.kind == 0 ? m_fields.k_name : m_fields.k_left);
    if (is_type(target, "identifier")) {
      m_site = target;
      add(std::string(text(target)), Binding{s.value, {}, {}});
    } else if (s.kind == 0 && is_type(target, "object_pattern")) {
      m_site = target;
      add_pattern(target, s.value);
    }
  }

  // Records a binding declared at m_site. Its scope comes from the walk's ancestors: the
  // nearest node opening a scope within 63 levels above the site that does not start where the
  // site starts (file-wide when there is none).
  void add(const std::string& name, Binding b) {
    b.site = m_site;
    auto& list = m_bindings[name];
    if (list.size() < 64) {
      scope_from_walk(b);
      list.push_back(std::move(b));
    }
  }

  void scope_from_walk(Binding& b) const {
    const BindingSite& s = *m_walk_site;
    uint32_t site_start = ts_node_start_byte(b.site);
    // The chain above the site: the site node when the binding sits in one of its children
    // (a declarator's name), then the site's ancestors, nearest first.
    int steps = 1;
    auto try_node = [&](TSNode n) {
      if (opens_scope(n) && ts_node_start_byte(n) != site_start) {
        b.scope_start = ts_node_start_byte(n);
        b.scope_end = ts_node_end_byte(n);
        return true;
      }
      return false;
    };
    if (!ts_node_eq(s.node, b.site)) {
      if (try_node(s.node)) {
        return;
      }
      ++steps;
    }
    for (size_t i = s.ancestor_count; i > 0 && steps < 64; --i, ++steps) {
      if (try_node(s.ancestors[i - 1])) {
        return;
      }
    }
  }

  void add_pattern(TSNode pattern, TSNode value) {
    for (TSNode child : resolve::children(pattern, true)) {
      if (is_type(child, "shorthand_property_identifier_pattern")) {
        std::string key(text(child));
        add(key, Binding{value, {}, key});
      } else if (is_type(child, "object_assignment_pattern")) {
        TSNode left = field(child, m_fields.k_left);
        if (is_type(left, "shorthand_property_identifier_pattern")) {
          std::string key(text(left));
          add(key, Binding{value, {}, key});
        }
      } else if (is_type(child, "pair_pattern")) {
        TSNode key = field(child, m_fields.k_key);
        TSNode target = field(child, m_fields.k_value);
        if (is_type(target, "assignment_pattern")) {
          target = field(target, m_fields.k_left);
        }
        auto key_text = is_type(key, "property_identifier") ? std::optional<std::string>(text(key))
                                                            : constant_at(key, 1);
        if (key_text && is_type(target, "identifier")) {
          add(std::string(text(target)), Binding{value, {}, *key_text});
        }
      }
    }
  }

  void add_import(TSNode import) {
    TSNode source = field(import, m_fields.k_source);
    if (ts_node_is_null(source)) {
      add_import_require(import);
      return;
    }
    auto module = constant_at(source, 1);
    if (!module) {
      return;
    }
    std::string mod = strip_node_prefix(*module);
    uint32_t count = ts_node_named_child_count(import);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode clause = ts_node_named_child(import, i);
      if (!is_type(clause, "import_clause")) {
        continue;
      }
      uint32_t parts = ts_node_named_child_count(clause);
      for (uint32_t j = 0; j < parts; ++j) {
        TSNode part = ts_node_named_child(clause, j);
        if (is_type(part, "identifier")) {
          add(std::string(text(part)), Binding{{}, mod, {}});
        } else if (is_type(part, "namespace_import")) {
          TSNode id = ts_node_named_child(part, 0);
          if (is_type(id, "identifier")) {
            add(std::string(text(id)), Binding{{}, mod, {}});
          }
        } else if (is_type(part, "named_imports")) {
          uint32_t specs = ts_node_named_child_count(part);
          for (uint32_t k = 0; k < specs; ++k) {
            TSNode spec = ts_node_named_child(part, k);
            TSNode name = field(spec, m_fields.k_name);
            TSNode alias = field(spec, m_fields.k_alias);
            if (ts_node_is_null(name)) {
              continue;
            }
            std::string imported(text(name));
            std::string local = ts_node_is_null(alias) ? imported : std::string(text(alias));
            add(local, Binding{{}, imported == "default" ? mod : mod + "." + imported, {}});
          }
        }
      }
    }
  }

  // TypeScript `import x = require('m')`: the source sits in the import_require_clause.
  void add_import_require(TSNode import) {
    TSNode clause = ts_node_named_child(import, 0);
    if (!is_type(clause, "import_require_clause")) {
      return;
    }
    TSNode name = ts_node_named_child(clause, 0);
    auto module = constant_at(field(clause, m_fields.k_source), 1);
    if (module && is_type(name, "identifier")) {
      add(std::string(text(name)), Binding{{}, strip_node_prefix(*module), {}});
    }
  }

  // The bindings of `name` visible at byte `at`: those of the innermost enclosing scope.
  std::vector<const Binding*> visible(std::string_view name, uint32_t at) {
    collect();
    std::vector<const Binding*> out;
    auto it = m_bindings.find(std::string(name));
    if (it == m_bindings.end()) {
      return out;
    }
    if (it->second.size() == 1) {
      out.push_back(&it->second[0]);  // the common case: one binding, visible file-wide
      return out;
    }
    uint32_t best = UINT32_MAX;
    for (const auto& b : it->second) {
      if (at < b.scope_start || at >= b.scope_end) {
        continue;
      }
      uint32_t size = b.scope_end - b.scope_start;
      if (size < best) {
        best = size;
        out.clear();
      }
      if (size == best)
        out.push_back(&b);
    }
    return out;
  }

  // Resolves a name through its visible bindings; nullopt when none or when they disagree.
  template <typename F>
  std::optional<std::string> through_binding(TSNode ref, int depth, F&& eval) {
    auto bindings = visible(text(ref), ts_node_start_byte(ref));
    if (bindings.empty() || depth > k_max_depth) {
      return std::nullopt;
    }
    std::optional<std::string> result;
    for (const auto* b : bindings) {
      auto v = eval(*b);
      if (!v || (result && *result != *v)) {
        return std::nullopt;
      }
      result = v;
    }
    return result;
  }

  std::optional<std::string> decode_string(TSNode node) {
    std::string out;
    for (TSNode c : resolve::children(node, false)) {
      if (is_type(c, "string_fragment")) {
        out += text(c);
      } else if (is_type(c, "escape_sequence")) {
        if (!resolve::decode_escape(text(c), &out)) {
          out += text(c);
        }
      } else if (is_type(c, "template_substitution")) {
        return std::nullopt;
      }
    }
    return out;
  }

  std::optional<std::string> constant_at(TSNode node, int depth) {
    if (ts_node_is_null(node) || depth > k_max_depth) {
      return std::nullopt;
    }
    const char* type = ts_node_type(node);
    if (std::strcmp(type, "string") == 0 || std::strcmp(type, "template_string") == 0) {
      return decode_string(node);
    }
    if (std::strcmp(type, "number") == 0) {
      return std::string(text(node));
    }
    if (std::strcmp(type, "parenthesized_expression") == 0) {
      uint32_t n = ts_node_named_child_count(node);
      return n == 0 ? std::nullopt : constant_at(ts_node_named_child(node, n - 1), depth + 1);
    }
    if (std::strcmp(type, "sequence_expression") == 0) {
      uint32_t n = ts_node_named_child_count(node);
      return n == 0 ? std::nullopt : constant_at(ts_node_named_child(node, n - 1), depth + 1);
    }
    if (std::strcmp(type, "binary_expression") == 0) {
      // Walk the left spine iteratively: obfuscators emit very long '+' chains.
      std::vector<TSNode> operands;
      TSNode cur = node;
      while (is_type(cur, "binary_expression")) {
        TSNode op = field(cur, m_fields.k_operator);
        if (text(op) != "+" || operands.size() > 4096) {
          return std::nullopt;
        }
        operands.push_back(field(cur, m_fields.k_right));
        cur = field(cur, m_fields.k_left);
      }
      operands.push_back(cur);
      std::string out;
      for (auto it = operands.rbegin(); it != operands.rend(); ++it) {
        auto part = constant_at(*it, depth + 1);
        if (!part || out.size() + part->size() > k_max_value) {
          return std::nullopt;
        }
        out += *part;
      }
      return out;
    }
    if (std::strcmp(type, "identifier") == 0) {
      return through_binding(node, depth, [&](const Binding& b) -> std::optional<std::string> {
        if (!b.fixed_path.empty() || !b.member.empty()) {
          return std::nullopt;
        }
        return constant_at(b.value, depth + 1);
      });
    }
    if (std::strcmp(type, "subscript_expression") == 0) {
      TSNode object = field(node, m_fields.k_object);
      TSNode index = field(node, m_fields.k_index);
      auto idx = constant_at(index, depth + 1);
      TSNode array = array_of(object, depth + 1);
      if (!idx || ts_node_is_null(array)) {
        return std::nullopt;
      }
      char* end = nullptr;
      unsigned long i = std::strtoul(idx->c_str(), &end, 0);
      if (end == idx->c_str() || *end != '\0' || i >= ts_node_named_child_count(array)) {
        return std::nullopt;
      }
      return constant_at(ts_node_named_child(array, static_cast<uint32_t>(i)), depth + 1);
    }
    if (std::strcmp(type, "call_expression") == 0) {
      return constant_call(node, depth);
    }
    return std::nullopt;
  }

  // The array literal an expression stands for (literal or a name bound to one).
  TSNode array_of(TSNode node, int depth) {
    if (is_type(node, "array")) {
      return node;
    }
    if (is_type(node, "identifier") && depth <= k_max_depth) {
      auto bindings = visible(text(node), ts_node_start_byte(node));
      if (bindings.size() == 1 && is_type(bindings[0]->value, "array")) {
        return bindings[0]->value;
      }
    }
    return TSNode{};
  }

  std::optional<std::string> constant_call(TSNode node, int depth) {
    TSNode fn = field(node, m_fields.k_function);
    TSNode args = field(node, m_fields.k_arguments);
    uint32_t argc = ts_node_named_child_count(args);
    auto arg = [&](uint32_t i) { return constant_at(ts_node_named_child(args, i), depth + 1); };
    auto fn_path = path_at(fn, depth + 1);
    if (fn_path == "String.fromCharCode") {
      std::string out;
      for (uint32_t i = 0; i < argc; ++i) {
        auto v = arg(i);
        if (!v) {
          return std::nullopt;
        }
        resolve::append_utf8(static_cast<uint32_t>(std::strtoul(v->c_str(), nullptr, 0)), &out);
      }
      return out;
    }
    if (fn_path == "atob" && argc == 1) {
      auto v = arg(0);
      return v ? resolve::base64_decode(*v) : std::nullopt;
    }
    if (!is_type(fn, "member_expression")) {
      return std::nullopt;
    }
    TSNode object = field(fn, m_fields.k_object);
    std::string_view prop = text(field(fn, m_fields.k_property));
    if (prop == "join") {
      TSNode array = array_of(object, depth + 1);
      if (ts_node_is_null(array)) {
        return std::nullopt;
      }
      std::string sep = ",";
      if (argc == 1) {
        auto s = arg(0);
        if (!s) {
          return std::nullopt;
        }
        sep = *s;
      }
      std::string out;
      bool first = true;
      for (TSNode element : resolve::children(array, true)) {
        auto part = constant_at(element, depth + 1);
        if (!part || out.size() > k_max_value) {
          return std::nullopt;
        }
        out += (first ? "" : sep) + *part;
        first = false;
      }
      return out;
    }
    if (prop == "toString" && is_type(object, "call_expression")) {
      // Buffer.from('...', 'base64' | 'hex').toString()
      TSNode inner_fn = field(object, m_fields.k_function);
      TSNode inner_args = field(object, m_fields.k_arguments);
      if (path_at(inner_fn, depth + 1) != "Buffer.from") {
        return std::nullopt;
      }
      auto data = constant_at(ts_node_named_child(inner_args, 0), depth + 1);
      auto enc = ts_node_named_child_count(inner_args) > 1
                     ? constant_at(ts_node_named_child(inner_args, 1), depth + 1)
                     : std::optional<std::string>("utf8");
      if (!data || !enc) {
        return std::nullopt;
      }
      if (*enc == "base64")
        return resolve::base64_decode(*data);
      if (*enc == "hex")
        return from_hex(*data);
      return data;
    }
    return std::nullopt;
  }

  std::optional<std::string> path_at(TSNode node, int depth) {
    // Member chains are walked iteratively from the outside in, then rebuilt.
    std::vector<std::string> members;
    TSNode cur = node;
    std::optional<std::string> base;
    while (!ts_node_is_null(cur) && depth <= k_max_depth && members.size() < 64) {
      const char* type = ts_node_type(cur);
      if (std::strcmp(type, "member_expression") == 0) {
        TSNode prop = field(cur, m_fields.k_property);
        members.emplace_back(text(prop));
        cur = field(cur, m_fields.k_object);
        continue;
      }
      if (std::strcmp(type, "subscript_expression") == 0) {
        auto key = constant_at(field(cur, m_fields.k_index), depth + 1);
        if (!key) {
          return std::nullopt;
        }
        members.push_back(*key);
        cur = field(cur, m_fields.k_object);
        continue;
      }
      if (std::strcmp(type, "parenthesized_expression") == 0 ||
          std::strcmp(type, "sequence_expression") == 0 ||
          std::strcmp(type, "await_expression") == 0 ||
          std::strcmp(type, "non_null_expression") == 0) {
        uint32_t n = ts_node_named_child_count(cur);
        if (n == 0) {
          return std::nullopt;
        }
        cur = ts_node_named_child(cur, n - 1);
        ++depth;
        continue;
      }
      base = base_path(cur, depth);
      break;
    }
    if (!base) {
      return std::nullopt;
    }
    std::string out = *base;
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
      out = join_path(out, *it);
    }
    return out;
  }

  std::optional<std::string> base_path(TSNode node, int depth) {
    const char* type = ts_node_type(node);
    if (std::strcmp(type, "identifier") == 0) {
      std::string_view name = text(node);
      if (is_global_root(name)) {
        return std::string();
      }
      if (visible(name, ts_node_start_byte(node)).empty()) {
        return std::string(name);  // a free name: a global such as require or process
      }
      return through_binding(node, depth, [&](const Binding& b) -> std::optional<std::string> {
        if (!b.fixed_path.empty()) {
          return b.fixed_path;
        }
        auto p = path_at(b.value, depth + 1);
        if (!p) {
          return std::nullopt;
        }
        return b.member.empty() ? p : std::optional<std::string>(join_path(*p, b.member));
      });
    }
    if (std::strcmp(type, "this") == 0 || std::strcmp(type, "super") == 0) {
      return std::string(type);
    }
    if (std::strcmp(type, "import") == 0) {
      return std::string("import");
    }
    if (std::strcmp(type, "call_expression") == 0) {
      TSNode fn = field(node, m_fields.k_function);
      auto fn_path = path_at(fn, depth + 1);
      TSNode args = field(node, m_fields.k_arguments);
      if (fn_path && is_loader(*fn_path) && ts_node_named_child_count(args) >= 1) {
        auto module = constant_at(ts_node_named_child(args, 0), depth + 1);
        if (module) {
          return strip_node_prefix(*module);
        }
      }
      return fn_path ? call_result(*fn_path, args, depth) : std::nullopt;
    }
    return std::nullopt;
  }

  // The path of a call that is not a module load: Reflect.get(o, 'k') is o.k, f.bind(t) is f,
  // but X.bind.call(f, ..) and X.bind.apply(f, ..) bind f (`Function.bind.apply(C, args)` is C
  // bound, not Function); anything else is the callee's path plus "()" (Buffer.from names a
  // constant encoding: `Buffer.from(base64)`).
  std::optional<std::string> call_result(std::string fn, TSNode args, int depth) {
    bool rebound = fn.ends_with(".bind.call") || fn.ends_with(".bind.apply");
    fn = through_call_apply(std::move(fn), args, depth);
    uint32_t argc = ts_node_named_child_count(args);
    if (rebound && fn.ends_with(".bind")) {
      return argc >= 1 ? path_at(ts_node_named_child(args, 0), depth + 1) : std::nullopt;
    }
    if (fn == "Reflect.get" && argc >= 2) {
      auto object = path_at(ts_node_named_child(args, 0), depth + 1);
      auto key = constant_at(ts_node_named_child(args, 1), depth + 1);
      return object && key ? std::optional<std::string>(join_path(*object, *key)) : std::nullopt;
    }
    if (fn.size() > 5 && fn.ends_with(".bind")) {
      return fn.substr(0, fn.size() - 5);
    }
    if (fn == "Buffer.from" && argc >= 2) {
      auto encoding = constant_at(ts_node_named_child(args, 1), depth + 1);
      if (encoding && encoding->size() < 16) {
        return fn + "(" + *encoding + ")";
      }
    }
    return fn + "()";
  }

  // A callee reached through Function.prototype.call/apply or Reflect.apply is reported as the
  // function it calls: `cp.exec.call(null, c)` and `Reflect.apply(cp.exec, null, [c])` are
  // child_process.exec.
  std::string callee_path(TSNode node, std::string p) {
    TSNode parent = ts_node_parent(node);
    if (!is_type(parent, "call_expression") ||
        !ts_node_eq(field(parent, m_fields.k_function), node)) {
      return p;
    }
    return through_call_apply(std::move(p), field(parent, m_fields.k_arguments), 1);
  }

  // `fn` called with `args`: f.call / f.apply are f; Reflect.apply(f, ..) and
  // Function.prototype.call.call(f, ..) are f.
  std::string through_call_apply(std::string p, TSNode args, int depth) {
    static constexpr std::array<std::string_view, 5> k_indirect = {
        "Reflect.apply", "Function.prototype.call", "Function.prototype.apply", "Function.call",
        "Function.apply"};
    auto indirect = [&] {
      return std::find(k_indirect.begin(), k_indirect.end(), p) != k_indirect.end();
    };
    if (!indirect()) {
      for (std::string_view suffix : {".call", ".apply"}) {
        if (p.size() > suffix.size() &&
            p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) {
          p.resize(p.size() - suffix.size());
          break;
        }
      }
    }
    if (indirect() && ts_node_named_child_count(args) > 0) {
      auto target = path_at(ts_node_named_child(args, 0), depth + 1);
      return target ? *target : p;
    }
    return p;
  }

  const TSTree* m_tree;
  std::string_view m_source;
  Lang m_lang;
  bool m_collected = false;
  TSNode m_site{};                           // the declaration being recorded by collect()
  const BindingSite* m_walk_site = nullptr;  // the walk's current site, for scopes
  const FieldIds& m_fields;
  std::unordered_map<std::string, std::vector<Binding>> m_bindings;
};

}  // namespace

std::unique_ptr<ValueResolver> make_js_resolver(const TSTree* tree, std::string_view source,
                                                Lang lang) {
  return std::make_unique<JsResolver>(tree, source, lang);
}

}  // namespace tarsier
