// Exact shortcuts for the query pass. Most raw matches of a bundle are generic shapes such as
// every call's callee (`call_expression function: (_) @path.fn`); resolving each callee's path
// for rules that only accept a few names dominated the pass. A guard knows every value a rule's
// predicate can accept on a @path capture and rejects a node whose PathShape (the path's last
// member, from syntax alone) cannot end any of them, before anything is resolved. Guards only
// ever reject matches the predicates would reject too: a positive #eq?/#any-of?/#match? fails on
// a path outside its finite set of accepted values, and on no path at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/predicate.h"
#include "analyzer/engine/resolver.h"

namespace tarsier {

// The values a predicate can accept when they are a finite set: #eq? with a string, #any-of?,
// #match? with a finite language (regex_language.h). nullopt for negated forms, #const?, #eq?
// between captures.
std::optional<std::vector<std::string>> accepted_values(const Predicate& p);

struct PathGuard {
  uint32_t capture = 0;
  TailSet tails;
};

// One guard per positive predicate with a finite set of values on a @path capture.
std::vector<PathGuard> path_guards(const std::vector<Predicate>& predicates,
                                   const std::vector<CaptureKind>& kinds);

// The shapes of the nodes of one match, computed once even when several rules share the match.
class ShapeMemo {
 public:
  explicit ShapeMemo(const ValueResolver* resolver) : m_resolver(resolver) {}
  const PathShape& shape(TSNode node);

 private:
  const ValueResolver* m_resolver;
  const void* m_id = nullptr;  // the node last asked about (id and start byte)
  uint32_t m_start = 0;
  PathShape m_shape;
};

// False when a guard proves the predicates cannot all hold for `match`.
bool guards_admit(const std::vector<PathGuard>& guards, const TSQueryMatch& match,
                  ShapeMemo& shapes);

}  // namespace tarsier
