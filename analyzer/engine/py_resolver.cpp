// Python resolver: import aliases, __import__/importlib, getattr with constant names, string
// constants (concatenation, escapes, chr(), ''.join, bytes.fromhex, base64 decoding).
#include <array>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "analyzer/engine/resolver.h"
#include "analyzer/util/base64.h"

namespace tarsier {

namespace {

using resolve::is_type;
using resolve::k_max_depth;
using resolve::k_max_value;

constexpr const char* k_binding_query = R"q(
(import_statement) @import
(import_from_statement) @from
(assignment left: (identifier) @name right: (_) @value)
)q";

const TSQuery* binding_query() {
  static TSQuery* query = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    uint32_t offset = 0;
    TSQueryError err;
    query = ts_query_new(ts_language(Lang::python), k_binding_query, std::strlen(k_binding_query),
                         &offset, &err);
  });
  return query;
}

std::string strip_builtins(std::string path) {
  for (std::string_view prefix : {"builtins.", "__builtins__.__dict__.", "__builtins__."}) {
    if (path.rfind(prefix, 0) == 0) {
      return path.substr(prefix.size());
    }
  }
  if (path == "builtins" || path == "__builtins__") {
    return "";
  }
  return path;
}

// Python folds identifiers with NFKC when it parses them, so `𝐞𝐱𝐞𝐜` is `exec`. The letters
// that fold to ASCII: mathematical alphanumerics, letterlike symbols, fullwidth forms, the long
// s and the fi/fl ligatures. Other non-ASCII text is kept as written.
char fold_code_point(uint32_t cp) {
  static constexpr std::string_view k_letters =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  if (cp >= 0x1D400 && cp <= 0x1D6A3)
    return k_letters[(cp - 0x1D400) % 52];
  if (cp >= 0x1D7CE && cp <= 0x1D7FF)
    return static_cast<char>('0' + (cp - 0x1D7CE) % 10);
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A) ||
      (cp >= 0xFF10 && cp <= 0xFF19) || cp == 0xFF3F)
    return static_cast<char>(cp - 0xFF00 + 0x20);
  if (cp == 0x17F)
    return 's';
  struct Pair {
    uint32_t cp;
    char ascii;
  };
  static constexpr Pair k_letterlike[] = {
      {0x210A, 'g'}, {0x210B, 'H'}, {0x210C, 'H'}, {0x210D, 'H'}, {0x210E, 'h'}, {0x2110, 'I'},
      {0x2111, 'I'}, {0x2112, 'L'}, {0x2113, 'l'}, {0x2115, 'N'}, {0x2119, 'P'}, {0x211A, 'Q'},
      {0x211B, 'R'}, {0x211C, 'R'}, {0x211D, 'R'}, {0x2124, 'Z'}, {0x2128, 'Z'}, {0x212C, 'B'},
      {0x212D, 'C'}, {0x212F, 'e'}, {0x2130, 'E'}, {0x2131, 'F'}, {0x2133, 'M'}, {0x2134, 'o'},
      {0x2139, 'i'}, {0x2145, 'D'}, {0x2146, 'd'}, {0x2147, 'e'}, {0x2148, 'i'}, {0x2149, 'j'}};
  for (const auto& p : k_letterlike) {
    if (p.cp == cp)
      return p.ascii;
  }
  return 0;
}

// Decodes one UTF-8 sequence at s[i]; returns its length (0 when malformed).
size_t utf8_at(std::string_view s, size_t i, uint32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size())
    return 0;
  *cp = len == 1 ? b : b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k)
    *cp = (*cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return len;
}

std::string fold_identifier(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    auto b = static_cast<unsigned char>(name[i]);
    uint32_t cp = 0;
    size_t len = b < 0x80 ? 1 : utf8_at(name, i, &cp);
    if (len == 0) {
      return std::string(name);
    }
    char ascii = len > 1 ? fold_code_point(cp) : 0;
    if (cp == 0xFB01 || cp == 0xFB02) {
      out += cp == 0xFB01 ? "fi" : "fl";
    } else if (ascii != 0) {
      out += ascii;
    } else {
      out.append(name.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool has_non_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80)
      return true;
  }
  return false;
}

struct Binding {
  TSNode value{};
  std::string fixed_path;
};

class PyResolver final : public ValueResolver {
 public:
  PyResolver(const TSTree* tree, std::string_view source) : m_tree(tree), m_source(source) {}

  std::optional<std::string> constant(TSNode node) override {
    m_steps = 0;
    return constant_at(node, 0);
  }
  std::optional<std::string> path(TSNode node) override {
    m_steps = 0;
    auto p = path_at(node, 0);
    return p ? std::optional<std::string>(strip_builtins(*p)) : std::nullopt;
  }

 private:
  std::string_view text(TSNode n) const { return resolve::node_text(n, m_source); }
  // An identifier as Python reads it (NFKC-folded).
  std::string name_of(TSNode n) const {
    std::string_view t = text(n);
    return has_non_ascii(t) ? fold_identifier(t) : std::string(t);
  }

  void add(const std::string& name, Binding b) {
    auto& list = m_bindings[name];
    if (list.size() < 8) {
      list.push_back(std::move(b));
    } else {
      list.resize(9);
    }
  }

  void collect() {
    if (m_collected) {
      return;
    }
    m_collected = true;
    const TSQuery* q = binding_query();
    if (q == nullptr) {
      return;
    }
    TSQueryCursor* cursor = ts_query_cursor_new();
    ts_query_cursor_set_match_limit(cursor, 4096);
    ts_query_cursor_exec(cursor, q, ts_tree_root_node(m_tree));
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor, &match)) {
      TSNode name{}, value{}, import{}, from{};
      for (uint16_t i = 0; i < match.capture_count; ++i) {
        uint32_t len = 0;
        // Two statements: `len` is only valid after the call returns.
        const char* cname = ts_query_capture_name_for_id(q, match.captures[i].index, &len);
        std::string_view c(cname, len);
        TSNode n = match.captures[i].node;
        if (c == "name")
          name = n;
        else if (c == "value")
          value = n;
        else if (c == "import")
          import = n;
        else if (c == "from")
          from = n;
      }
      if (!ts_node_is_null(import)) {
        add_imports(import, "");
      } else if (!ts_node_is_null(from)) {
        TSNode module = ts_node_child_by_field_name(from, "module_name", 11);
        add_imports(from, std::string(text(module)));
      } else if (!ts_node_is_null(name)) {
        add(name_of(name), Binding{value, {}});
      }
    }
    ts_query_cursor_delete(cursor);
  }

  // `import a.b as c` / `from m import x as y`: every name child of the statement.
  void add_imports(TSNode statement, const std::string& from_module) {
    uint32_t n = ts_node_named_child_count(statement);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode child = ts_node_named_child(statement, i);
      const char* field = ts_node_field_name_for_child(statement, i);
      (void)field;
      if (!from_module.empty() &&
          ts_node_start_byte(child) ==
              ts_node_start_byte(ts_node_child_by_field_name(statement, "module_name", 11))) {
        continue;
      }
      std::string full, local;
      if (is_type(child, "dotted_name")) {
        full = name_of(child);
        // `import os.path` binds `os`.
        local = from_module.empty() ? full.substr(0, full.find('.')) : full;
        if (from_module.empty()) {
          full = local;
        }
      } else if (is_type(child, "aliased_import")) {
        full = name_of(ts_node_child_by_field_name(child, "name", 4));
        local = name_of(ts_node_child_by_field_name(child, "alias", 5));
      } else {
        continue;
      }
      add(local, Binding{{}, from_module.empty() ? full : from_module + "." + full});
    }
  }

  template <typename F>
  std::optional<std::string> through_binding(std::string_view name, int depth, F&& eval) {
    collect();
    auto it = m_bindings.find(std::string(name));
    if (it == m_bindings.end() || it->second.size() > 8 || depth > k_max_depth) {
      return std::nullopt;
    }
    std::optional<std::string> result;
    for (const auto& b : it->second) {
      auto v = eval(b);
      if (!v || (result && *result != *v)) {
        return std::nullopt;
      }
      result = v;
    }
    return result;
  }

  std::optional<std::string> decode_string(TSNode node) {
    std::string out;
    bool raw = false;
    uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      TSNode c = ts_node_child(node, i);
      if (is_type(c, "string_start")) {
        for (char ch : text(c)) {
          raw = raw || ch == 'r' || ch == 'R';
        }
      } else if (is_type(c, "string_content")) {
        // Escapes may be nested in string_content in some grammar versions: decode by hand.
        std::string_view t = text(c);
        for (size_t k = 0; k < t.size(); ++k) {
          if (raw || t[k] != '\\' || k + 1 >= t.size()) {
            out += t[k];
            continue;
          }
          size_t len = 2;
          char e = t[k + 1];
          if (e == 'x')
            len = 4;
          else if (e == 'u')
            len = 6;
          else if (e == 'U')
            len = 10;
          else if (e >= '0' && e <= '7') {
            len = 2;
            while (len < 4 && k + len < t.size() && t[k + len] >= '0' && t[k + len] <= '7')
              ++len;
          }
          std::string_view esc = t.substr(k, len);
          if (!resolve::decode_escape(esc, &out)) {
            out += esc;
          }
          k += esc.size() - 1;
        }
      } else if (is_type(c, "escape_sequence")) {
        if (raw || !resolve::decode_escape(text(c), &out)) {
          out += text(c);
        }
      } else if (is_type(c, "interpolation")) {
        return std::nullopt;
      }
    }
    return out;
  }

  // Names bound to each other (`k = a.f()`, `a = b[k]`) send evaluation round in circles, and a
  // name bound several times branches: every evaluation step counts against one budget.
  bool over_budget() { return ++m_steps > k_max_steps; }

  std::optional<std::string> constant_at(TSNode node, int depth) {
    if (ts_node_is_null(node) || depth > k_max_depth || over_budget()) {
      return std::nullopt;
    }
    const char* type = ts_node_type(node);
    if (std::strcmp(type, "string") == 0) {
      return decode_string(node);
    }
    if (std::strcmp(type, "integer") == 0) {
      return std::string(text(node));
    }
    if (std::strcmp(type, "concatenated_string") == 0 ||
        std::strcmp(type, "binary_operator") == 0) {
      std::vector<TSNode> operands;
      TSNode cur = node;
      if (std::strcmp(type, "concatenated_string") == 0) {
        for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
          operands.push_back(ts_node_named_child(node, i));
        }
      } else {
        std::vector<TSNode> rights;
        while (is_type(cur, "binary_operator") && rights.size() < 4096) {
          if (text(ts_node_child_by_field_name(cur, "operator", 8)) != "+") {
            return std::nullopt;
          }
          rights.push_back(ts_node_child_by_field_name(cur, "right", 5));
          cur = ts_node_child_by_field_name(cur, "left", 4);
        }
        operands.push_back(cur);
        operands.insert(operands.end(), rights.rbegin(), rights.rend());
      }
      std::string out;
      for (TSNode op : operands) {
        auto part = constant_at(op, depth + 1);
        if (!part || out.size() + part->size() > k_max_value) {
          return std::nullopt;
        }
        out += *part;
      }
      return out;
    }
    if (std::strcmp(type, "parenthesized_expression") == 0) {
      return constant_at(ts_node_named_child(node, 0), depth + 1);
    }
    if (std::strcmp(type, "identifier") == 0) {
      return through_binding(
          name_of(node), depth, [&](const Binding& b) -> std::optional<std::string> {
            return b.fixed_path.empty() ? constant_at(b.value, depth + 1) : std::nullopt;
          });
    }
    if (std::strcmp(type, "call") == 0) {
      return constant_call(node, depth);
    }
    return std::nullopt;
  }

  std::optional<std::string> constant_call(TSNode node, int depth) {
    TSNode fn = ts_node_child_by_field_name(node, "function", 8);
    TSNode args = ts_node_child_by_field_name(node, "arguments", 9);
    auto arg = [&](uint32_t i) { return constant_at(ts_node_named_child(args, i), depth + 1); };
    auto raw_path = path_at(fn, depth + 1);
    std::optional<std::string> fn_path;
    if (raw_path)
      fn_path = strip_builtins(*raw_path);
    if (fn_path == "chr") {
      auto v = arg(0);
      if (!v)
        return std::nullopt;
      std::string out;
      resolve::append_utf8(static_cast<uint32_t>(std::strtoul(v->c_str(), nullptr, 0)), &out);
      return out;
    }
    if (fn_path == "base64.b64decode" || fn_path == "base64.decodebytes" ||
        fn_path == "base64.urlsafe_b64decode") {
      auto v = arg(0);
      return v ? resolve::base64_decode(*v) : std::nullopt;
    }
    if (fn_path == "bytes.fromhex" || fn_path == "binascii.unhexlify") {
      auto v = arg(0);
      return v ? from_hex(*v) : std::nullopt;
    }
    if (!is_type(fn, "attribute")) {
      return std::nullopt;
    }
    TSNode object = ts_node_child_by_field_name(fn, "object", 6);
    std::string_view attr = text(ts_node_child_by_field_name(fn, "attribute", 9));
    if (attr == "decode") {
      return constant_at(object, depth + 1);  // b'...'.decode(), b64decode(...).decode()
    }
    if (attr == "join") {
      auto sep = constant_at(object, depth + 1);
      TSNode list = ts_node_named_child(args, 0);
      if (!sep || !(is_type(list, "list") || is_type(list, "tuple"))) {
        return std::nullopt;
      }
      std::string out;
      for (uint32_t i = 0; i < ts_node_named_child_count(list); ++i) {
        auto part = constant_at(ts_node_named_child(list, i), depth + 1);
        if (!part || out.size() > k_max_value)
          return std::nullopt;
        out += (i ? *sep : "") + *part;
      }
      return out;
    }
    return std::nullopt;
  }

  std::optional<std::string> path_at(TSNode node, int depth) {
    if (over_budget())
      return std::nullopt;
    std::vector<std::string> members;
    TSNode cur = node;
    std::optional<std::string> base;
    while (!ts_node_is_null(cur) && depth <= k_max_depth && members.size() < 64) {
      const char* type = ts_node_type(cur);
      if (std::strcmp(type, "attribute") == 0) {
        members.push_back(name_of(ts_node_child_by_field_name(cur, "attribute", 9)));
        cur = ts_node_child_by_field_name(cur, "object", 6);
        continue;
      }
      if (std::strcmp(type, "subscript") == 0) {
        auto key = constant_at(ts_node_child_by_field_name(cur, "subscript", 9), depth + 1);
        if (!key)
          return std::nullopt;
        members.push_back(*key);
        cur = ts_node_child_by_field_name(cur, "value", 5);
        continue;
      }
      if (std::strcmp(type, "parenthesized_expression") == 0) {
        cur = ts_node_named_child(cur, 0);
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
      if (*it == "__dict__")
        continue;
      out = out.empty() ? *it : out + "." + *it;
    }
    return out;
  }

  std::optional<std::string> base_path(TSNode node, int depth) {
    const char* type = ts_node_type(node);
    if (std::strcmp(type, "identifier") == 0) {
      std::string name = name_of(node);
      collect();
      if (m_bindings.count(name) == 0) {
        return name;
      }
      return through_binding(name, depth, [&](const Binding& b) -> std::optional<std::string> {
        if (!b.fixed_path.empty())
          return b.fixed_path;
        return path_at(b.value, depth + 1);
      });
    }
    if (std::strcmp(type, "call") == 0) {
      TSNode fn = ts_node_child_by_field_name(node, "function", 8);
      TSNode args = ts_node_child_by_field_name(node, "arguments", 9);
      auto fn_path = path_at(fn, depth + 1);
      if (!fn_path)
        return std::nullopt;
      std::string f = strip_builtins(*fn_path);
      if (f == "__import__" || f == "importlib.import_module") {
        auto module = constant_at(ts_node_named_child(args, 0), depth + 1);
        if (module)
          return *module;
      }
      if (f == "getattr" && ts_node_named_child_count(args) >= 2) {
        auto object = path_at(ts_node_named_child(args, 0), depth + 1);
        auto attr = constant_at(ts_node_named_child(args, 1), depth + 1);
        if (object && attr)
          return object->empty() ? *attr : *object + "." + *attr;
      }
      if (f == "globals" || f == "locals" || f == "vars") {
        return std::string();
      }
      // The value a call returns: `base64.b64decode(s)` is "base64.b64decode()", so data flow
      // through one call (`exec(zlib.decompress(b))`, `r = requests.get(u); r.content`) can be
      // read from the path.
      if (!f.empty() && f.size() < resolve::k_max_value)
        return f + "()";
    }
    return std::nullopt;
  }

  const TSTree* m_tree;
  std::string_view m_source;
  bool m_collected = false;
  static constexpr int k_max_steps = 20000;
  int m_steps = 0;
  std::unordered_map<std::string, std::vector<Binding>> m_bindings;
};

// Shell: a command's name and the literal value of words and quoted strings.
class BashResolver final : public ValueResolver {
 public:
  explicit BashResolver(std::string_view source) : m_source(source) {}
  std::optional<std::string> constant(TSNode node) override {
    std::string_view t = resolve::node_text(node, m_source);
    if (is_type(node, "raw_string") && t.size() >= 2) {
      return std::string(t.substr(1, t.size() - 2));
    }
    if (is_type(node, "string")) {
      for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
        if (!is_type(ts_node_named_child(node, i), "string_content"))
          return std::nullopt;
      }
      return t.size() >= 2 ? std::optional<std::string>(t.substr(1, t.size() - 2)) : std::nullopt;
    }
    if (is_type(node, "word") || is_type(node, "command_name") || is_type(node, "number")) {
      return std::string(t);
    }
    return std::nullopt;
  }
  std::optional<std::string> path(TSNode node) override {
    auto v = constant(node);
    if (!v)
      return std::nullopt;
    auto slash = v->rfind('/');  // /usr/bin/curl -> curl
    return slash == std::string::npos ? *v : v->substr(slash + 1);
  }

 private:
  std::string_view m_source;
};

}  // namespace

std::unique_ptr<ValueResolver> make_python_resolver(const TSTree* tree, std::string_view source) {
  return std::make_unique<PyResolver>(tree, source);
}

std::unique_ptr<ValueResolver> make_bash_resolver(const TSTree*, std::string_view source) {
  return std::make_unique<BashResolver>(source);
}

}  // namespace tarsier
