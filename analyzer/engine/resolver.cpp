#include "analyzer/engine/resolver.h"

#include "analyzer/util/ascii.h"

#include <cstring>
#include <unordered_map>

namespace tarsier {

namespace {

// A node is identified by its span and symbol (nested nodes sharing a span differ in symbol).
struct NodeKey {
  uint32_t start, end, symbol;
  bool operator==(const NodeKey& o) const {
    return start == o.start && end == o.end && symbol == o.symbol;
  }
};
struct NodeKeyHash {
  size_t operator()(const NodeKey& k) const {
    return std::hash<uint64_t>()((static_cast<uint64_t>(k.start) << 32) | k.end) ^
           (static_cast<size_t>(k.symbol) * 0x9e3779b97f4a7c15ull);
  }
};
// unordered_map keeps references to its values valid across rehashing.
using NodeCache = std::unordered_map<NodeKey, std::optional<std::string>, NodeKeyHash>;

// The query cursor reports the matches of all patterns at one node one after another, so the
// last answer is checked before the hash table.
struct Memo {
  NodeCache map;
  NodeKey last_key{UINT32_MAX, 0, 0};
  const std::optional<std::string>* last = nullptr;
};

template <typename F>
const std::optional<std::string>& lookup(Memo& memo, TSNode node, F&& compute) {
  NodeKey key{ts_node_start_byte(node), ts_node_end_byte(node), ts_node_symbol(node)};
  if (memo.last != nullptr && memo.last_key == key) {
    return *memo.last;
  }
  auto it = memo.map.find(key);
  if (it == memo.map.end()) {
    it = memo.map.emplace(key, compute()).first;
  }
  memo.last_key = key;
  memo.last = &it->second;
  return it->second;
}

std::unique_ptr<ValueResolver> make_uncached(Lang lang, const TSTree* tree,
                                             std::string_view source) {
  switch (lang) {
    case Lang::python:
      return make_python_resolver(tree, source);
    case Lang::bash:
      return make_bash_resolver(tree, source);
    default:
      return make_js_resolver(tree, source, lang);
  }
}

}  // namespace

struct CachedResolver::Caches {
  Memo constants;
  Memo paths;
};

CachedResolver::CachedResolver(std::unique_ptr<ValueResolver> inner)
    : m_inner(std::move(inner)), m_caches(std::make_unique<Caches>()) {}
CachedResolver::~CachedResolver() = default;

const std::optional<std::string>& CachedResolver::constant_ref(TSNode node) {
  return lookup(m_caches->constants, node, [&] { return m_inner->constant(node); });
}
std::optional<std::string_view> CachedResolver::constant_view(TSNode node) {
  std::string_view text;
  if (m_inner->constant_in_source(node, &text)) {
    return text;
  }
  const auto& v = constant_ref(node);
  return v ? std::optional<std::string_view>(*v) : std::nullopt;
}
const std::optional<std::string>& CachedResolver::path_ref(TSNode node) {
  return lookup(m_caches->paths, node, [&] { return m_inner->path(node); });
}

TailSet::TailSet(const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    m_has_call = m_has_call || (!p.empty() && p.back() == ')');
    m_tails.insert(p);
    for (size_t dot = p.find('.'); dot != std::string::npos; dot = p.find('.', dot + 1)) {
      m_tails.insert(p.substr(dot + 1));
    }
  }
}

std::unique_ptr<CachedResolver> make_cached_resolver(Lang lang, const TSTree* tree,
                                                     std::string_view source) {
  return std::make_unique<CachedResolver>(make_uncached(lang, tree, source));
}

std::unique_ptr<ValueResolver> make_resolver(Lang lang, const TSTree* tree,
                                             std::string_view source) {
  return make_cached_resolver(lang, tree, source);
}

namespace resolve {

std::string_view node_text(TSNode node, std::string_view source) {
  uint32_t start = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  if (start > source.size() || end > source.size() || end < start) {
    return {};
  }
  return source.substr(start, end - start);
}

bool is_type(TSNode node, const char* type) {
  return !ts_node_is_null(node) && std::strcmp(ts_node_type(node), type) == 0;
}

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xc0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xe0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x110000) {
    *out += static_cast<char>(0xf0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

namespace {
bool parse_hex(std::string_view digits, uint32_t* value) {
  if (digits.empty() || digits.size() > 8) {
    return false;
  }
  uint32_t v = 0;
  for (char c : digits) {
    int h = hex_digit_value(c);
    if (h < 0) {
      return false;
    }
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *value = v;
  return true;
}
}  // namespace

bool decode_escape(std::string_view e, std::string* out) {
  if (e.size() < 2 || e[0] != '\\') {
    return false;
  }
  char k = e[1];
  uint32_t cp = 0;
  switch (k) {
    case 'n':
      *out += '\n';
      return true;
    case 't':
      *out += '\t';
      return true;
    case 'r':
      *out += '\r';
      return true;
    case 'b':
      *out += '\b';
      return true;
    case 'f':
      *out += '\f';
      return true;
    case 'v':
      *out += '\v';
      return true;
    case '0':
      if (e.size() == 2) {
        *out += '\0';
        return true;
      }
      break;
    case '\n':
      return true;  // line continuation
    case 'x':
      if (parse_hex(e.substr(2), &cp)) {
        append_utf8(cp, out);
        return true;
      }
      return false;
    case 'u':
    case 'U': {
      std::string_view digits = e.substr(2);
      if (!digits.empty() && digits.front() == '{' && digits.back() == '}') {
        digits = digits.substr(1, digits.size() - 2);
      }
      if (parse_hex(digits, &cp)) {
        append_utf8(cp, out);
        return true;
      }
      return false;
    }
    default:
      break;
  }
  if (k >= '0' && k <= '7') {  // octal escapes (Python; legacy JS)
    uint32_t v = 0;
    for (char c : e.substr(1)) {
      if (c < '0' || c > '7') {
        return false;
      }
      v = v * 8 + static_cast<uint32_t>(c - '0');
    }
    append_utf8(v, out);
    return true;
  }
  if (e.size() == 2) {
    *out += k;  // \' \" \\ and identity escapes
    return true;
  }
  return false;
}

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+' || c == '-')
      v = 62;
    else if (c == '/' || c == '_')
      v = 63;
    else if (c == '=' || c == '\n' || c == '\r' || c == ' ')
      continue;
    else
      return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xff);
    }
  }
  return out;
}

std::vector<TSNode> children(TSNode node, bool named_only) {
  std::vector<TSNode> out;
  if (ts_node_is_null(node)) {
    return out;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode child = ts_tree_cursor_current_node(&cursor);
      if (!named_only || ts_node_is_named(child)) {
        out.push_back(child);
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

}  // namespace resolve
}  // namespace tarsier
