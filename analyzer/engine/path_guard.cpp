#include "analyzer/engine/path_guard.h"

namespace tarsier {

std::optional<std::vector<std::string>> accepted_values(const Predicate& p) {
  if (p.negate) {
    return std::nullopt;
  }
  switch (p.op) {
    case Predicate::Op::eq:
      if (p.other_capture) {
        return std::nullopt;
      }
      return std::vector<std::string>{p.literal};
    case Predicate::Op::any_of:
      return p.set;
    case Predicate::Op::match:
      return p.finite ? std::optional<std::vector<std::string>>(p.set) : std::nullopt;
    case Predicate::Op::is_const:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<PathGuard> path_guards(const std::vector<Predicate>& predicates,
                                   const std::vector<CaptureKind>& kinds) {
  std::vector<PathGuard> out;
  for (const auto& p : predicates) {
    if (p.capture >= kinds.size() || kinds[p.capture] != CaptureKind::path) {
      continue;
    }
    if (auto values = accepted_values(p)) {
      out.push_back({p.capture, TailSet(*values)});
    }
  }
  return out;
}

const PathShape& ShapeMemo::shape(TSNode node) {
  if (node.id != m_id || node.context[0] != m_start) {
    m_id = node.id;
    m_start = node.context[0];
    m_shape = m_resolver->path_shape(node);
  }
  return m_shape;
}

bool guards_admit(const std::vector<PathGuard>& guards, const TSQueryMatch& match,
                  ShapeMemo& shapes) {
  for (const auto& g : guards) {
    // Like the predicates, a guard applies to every node captured under its name.
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index == g.capture &&
          !g.tails.admits(shapes.shape(match.captures[i].node))) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace tarsier
