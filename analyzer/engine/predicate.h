// Query predicates evaluated by the engine (the tree-sitter C library only returns them).
// Supported: #eq? #not-eq? #match? #not-match? (RE2, search semantics) #any-of? #not-any-of?
// and #const? #not-const? (whether a @str capture folds to a constant). Anything else is
// rejected when the rule loads.
//
// Capture names say what a predicate compares (rules/README.md):
//   @match        the reported node (required in every pattern)
//   @str, @str.*  the constant string the expression folds to (ValueResolver::constant)
//   @path, @path.* the canonical dotted name it refers to (ValueResolver::path)
//   @raw, @raw.*  the node's source text
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <tree_sitter/api.h>

#include "analyzer/engine/resolver.h"

namespace tarsier {

enum class CaptureKind { match, str, path, raw, invalid };

CaptureKind capture_kind_for_name(std::string_view name);

struct Predicate {
  enum class Op { eq, match, any_of, is_const };
  Op op = Op::eq;
  bool negate = false;
  uint32_t capture = 0;
  std::optional<uint32_t> other_capture;  // #eq? @a @b
  std::string literal;
  std::shared_ptr<const RE2> regex;
  // #any-of?: the values, sorted. #match? whose regex matches a finite set of strings
  // (regex_language.h): that set, sorted, tested instead of running the regex.
  std::vector<std::string> set;
  bool finite = false;
};

// Compiles the predicates of pattern `pattern` of `query`. On an unknown or malformed predicate
// returns nullopt with `error` naming it (the caller adds the location).
std::optional<std::vector<Predicate>> compile_predicates(const TSQuery* query, uint32_t pattern,
                                                         std::string* error);

// Evaluates one match's predicates. Values are computed lazily through `resolver`.
class CaptureValues {
 public:
  CaptureValues(const TSQuery* query, const std::vector<CaptureKind>* kinds,
                std::string_view source, CachedResolver* resolver)
      : m_query(query), m_kinds(kinds), m_source(source), m_resolver(resolver) {}
  // A view into the resolver's cache or the source; valid while both live.
  std::optional<std::string_view> value(uint32_t capture_id, TSNode node) const;

 private:
  const TSQuery* m_query;
  const std::vector<CaptureKind>* m_kinds;
  std::string_view m_source;
  CachedResolver* m_resolver;
};

bool predicates_hold(const std::vector<Predicate>& predicates, const TSQueryMatch& match,
                     const CaptureValues& values);

}  // namespace tarsier
