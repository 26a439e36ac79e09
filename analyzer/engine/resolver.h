// Seeing through cheap evasion within one file. A resolver answers two questions about a syntax
// node, and query predicates compare against the answers (rules/README.md, "captures"):
//   constant(): the string the expression always evaluates to: literals with escapes decoded,
//     concatenations, template literals without substitutions, constants bound to a name,
//     elements of constant arrays, fromCharCode / join / base64 decoding, chr() in Python;
//   path(): the canonical dotted name it refers to: aliases and destructuring of imports
//     (`const {exec: run} = require('child_process')` makes `run` "child_process.exec"),
//     computed members with constant keys (`cp['ex'+'ec']`), global objects stripped
//     (`global['req'+'uire']` is "require"), require()/import()/__import__ of a constant; in
//     JavaScript the result of any other call is its callee's path plus "()" (`atob()`,
//     `zlib.inflateSync()`, `Buffer.from(base64)` naming a constant encoding), so a name bound
//     to a decoder's result shows where its value came from.
// Bindings are collected once per file and are scope-blind; a name bound to two different values
// is treated as unknown, so minified bundles that reuse short names do not create false aliases.
// Evaluation recursion is capped (k_max_depth); long chains (a+b+c..., a.b.c...) are walked
// iteratively.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <tree_sitter/api.h>

#include "analyzer/engine/language.h"

namespace tarsier {

// What path() of a node can be, known from its syntax alone (no bindings, nothing resolved):
// QuerySet::run uses it to skip resolving nodes no rule can accept (path_guard.h).
struct PathShape {
  enum class Kind { unknown, none, tail, call };
  Kind kind = Kind::unknown;
  // none: path() is nullopt. tail: path() is nullopt, `tail`, or ends with "." + `tail` (a
  // member chain's last member: globals and aliases only change what comes before it). call:
  // path() is nullopt or a call result, which ends with ')' (`atob()`).
  std::string_view tail;
};

// The tails of a set of dotted paths: each path and every suffix after one of its dots. A path
// that is one of them or ends in "." + t is only possible when admits(t).
class TailSet {
 public:
  TailSet() = default;
  explicit TailSet(const std::vector<std::string>& paths);
  bool admits(std::string_view tail) const { return m_tails.find(tail) != m_tails.end(); }
  // False when a path of this shape cannot be one of the paths.
  bool admits(const PathShape& shape) const {
    return shape.kind == PathShape::Kind::unknown ||
           (shape.kind == PathShape::Kind::tail && admits(shape.tail)) ||
           (shape.kind == PathShape::Kind::call && m_has_call);
  }

 private:
  bool m_has_call = false;  // some path is a call result (ends with ')')
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> m_tails;
};

class ValueResolver {
 public:
  virtual ~ValueResolver() = default;
  virtual std::optional<std::string> constant(TSNode node) = 0;
  virtual std::optional<std::string> path(TSNode node) = 0;
  // Cheap and binding-free; the default knows nothing.
  virtual PathShape path_shape(TSNode node) const {
    (void)node;
    return {};
  }
  // True when constant(node) is verbatim source text (a plain string literal), set in `out`:
  // then it needs neither computing nor memoising.
  virtual bool constant_in_source(TSNode node, std::string_view* out) const {
    (void)node;
    (void)out;
    return false;
  }
};

// Memoises a resolver's answers per node and hands them out by reference. Many rules' patterns
// capture the same node (every `call_expression function: (_) @path.fn` pattern captures the
// callee of every call), so each node is resolved once per file, not once per rule, and
// predicates compare without copying strings.
class CachedResolver final : public ValueResolver {
 public:
  explicit CachedResolver(std::unique_ptr<ValueResolver> inner);
  ~CachedResolver() override;
  std::optional<std::string> constant(TSNode node) override { return constant_ref(node); }
  std::optional<std::string> path(TSNode node) override { return path_ref(node); }
  PathShape path_shape(TSNode node) const override { return m_inner->path_shape(node); }
  // References stay valid for the resolver's lifetime.
  const std::optional<std::string>& constant_ref(TSNode node);
  const std::optional<std::string>& path_ref(TSNode node);
  // constant() as a view into the source or the memo.
  std::optional<std::string_view> constant_view(TSNode node);

 private:
  struct Caches;
  std::unique_ptr<ValueResolver> m_inner;
  std::unique_ptr<Caches> m_caches;
};

// A resolver for one parsed file; `source` and `tree` must outlive it.
std::unique_ptr<ValueResolver> make_resolver(Lang lang, const TSTree* tree,
                                             std::string_view source);
std::unique_ptr<CachedResolver> make_cached_resolver(Lang lang, const TSTree* tree,
                                                     std::string_view source);

// Shared helpers for the language resolvers.
namespace resolve {
inline constexpr int k_max_depth = 24;
inline constexpr size_t k_max_value = 1 << 16;  // longer constants are not folded

std::string_view node_text(TSNode node, std::string_view source);
bool is_type(TSNode node, const char* type);
// Decodes one escape sequence (JS/Python syntax) and appends UTF-8; false when not understood.
bool decode_escape(std::string_view escape, std::string* out);
void append_utf8(uint32_t cp, std::string* out);
std::optional<std::string> base64_decode(std::string_view in);

// The children of `node` in order (only the named ones when `named_only`), read with a tree
// cursor. ts_node_child(node, i) walks from the first child every time, so indexing in a loop is
// quadratic in the number of children: a 500 KB string literal has one child per escape.
std::vector<TSNode> children(TSNode node, bool named_only);
}  // namespace resolve

std::unique_ptr<ValueResolver> make_js_resolver(const TSTree* tree, std::string_view source,
                                                Lang lang);
std::unique_ptr<ValueResolver> make_python_resolver(const TSTree* tree, std::string_view source);
std::unique_ptr<ValueResolver> make_bash_resolver(const TSTree* tree, std::string_view source);

}  // namespace tarsier
