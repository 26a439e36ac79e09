#include "analyzer/engine/predicate.h"

#include <algorithm>

#include "analyzer/engine/regex_language.h"

namespace tarsier {

CaptureKind capture_kind_for_name(std::string_view name) {
  auto is = [&](std::string_view prefix) {
    return name == prefix ||
           (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix &&
            name[prefix.size()] == '.');
  };
  if (name == "match")
    return CaptureKind::match;
  if (is("str"))
    return CaptureKind::str;
  if (is("path"))
    return CaptureKind::path;
  if (is("raw"))
    return CaptureKind::raw;
  return CaptureKind::invalid;
}

namespace {

// The operator of a predicate name ("eq?", "not-match?", ...); false when unknown.
bool read_operator(const std::string& name, Predicate* p) {
  std::string base = name;
  if (base.rfind("not-", 0) == 0) {
    p->negate = true;
    base = base.substr(4);
  }
  if (base == "eq?")
    p->op = Predicate::Op::eq;
  else if (base == "match?")
    p->op = Predicate::Op::match;
  else if (base == "any-of?")
    p->op = Predicate::Op::any_of;
  else if (base == "const?")
    p->op = Predicate::Op::is_const;
  else
    return false;
  return true;
}

// #match?'s pattern compiled, and its finite language when it has one; "" or what is wrong.
std::string compile_match(const std::string& name, Predicate* p) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<RE2>(p->literal, options);
  if (!re->ok()) {
    return "bad regular expression in '#" + name + "': " + re->error();
  }
  p->regex = re;
  if (auto language = finite_language(p->literal)) {
    p->set = std::move(*language);
    std::sort(p->set.begin(), p->set.end());
    p->finite = true;
  }
  return "";
}

// The arguments after the leading capture (`arg` from 0, `argc` of them with the capture); ""
// when they fit the operator, else what is wrong.
std::string read_arguments(const TSQuery* query, const TSQueryPredicateStep* arg, uint32_t argc,
                           const std::string& name, Predicate* p) {
  auto string_arg = [&](uint32_t k) {
    uint32_t l = 0;
    const char* v = ts_query_string_value_for_id(query, arg[k].value_id, &l);
    return std::string(v, l);
  };
  switch (p->op) {
    case Predicate::Op::is_const:
      return argc != 1 ? "predicate '#" + name + "' takes exactly one capture" : "";
    case Predicate::Op::eq:
    case Predicate::Op::match:
      if (argc != 2) {
        return "predicate '#" + name + "' takes a capture and one value";
      }
      if (arg[1].type == TSQueryPredicateStepTypeCapture) {
        if (p->op == Predicate::Op::match) {
          return "predicate '#" + name + "' needs a string pattern, not a capture";
        }
        p->other_capture = arg[1].value_id;
      } else {
        p->literal = string_arg(1);
      }
      return p->op == Predicate::Op::match ? compile_match(name, p) : "";
    case Predicate::Op::any_of:
      if (argc < 2) {
        return "predicate '#" + name + "' needs at least one value";
      }
      for (uint32_t k = 1; k < argc; ++k) {
        if (arg[k].type != TSQueryPredicateStepTypeString) {
          return "predicate '#" + name + "' takes strings after the capture";
        }
        p->set.push_back(string_arg(k));
      }
      std::sort(p->set.begin(), p->set.end());
      return "";
  }
  return "";
}

}  // namespace

std::optional<std::vector<Predicate>> compile_predicates(const TSQuery* query, uint32_t pattern,
                                                         std::string* error) {
  uint32_t count = 0;
  const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &count);
  std::vector<Predicate> out;
  uint32_t i = 0;
  while (i < count) {
    uint32_t end = i;
    while (end < count && steps[end].type != TSQueryPredicateStepTypeDone) {
      ++end;
    }
    // steps[i..end) is one predicate: a name string, then captures and strings.
    if (end == i || steps[i].type != TSQueryPredicateStepTypeString) {
      *error = "malformed predicate";
      return std::nullopt;
    }
    uint32_t len = 0;
    const char* s = ts_query_string_value_for_id(query, steps[i].value_id, &len);
    std::string name(s, len);
    Predicate p;
    if (!read_operator(name, &p)) {
      *error = "unknown predicate '#" + name +
               "' (expected #eq?, #match?, #any-of?, #const? or their #not- forms)";
      return std::nullopt;
    }
    uint32_t argc = end - i - 1;
    const TSQueryPredicateStep* arg = steps + i + 1;
    if (argc < 1 || arg[0].type != TSQueryPredicateStepTypeCapture) {
      *error = "predicate '#" + name + "' must start with a capture";
      return std::nullopt;
    }
    p.capture = arg[0].value_id;
    if (std::string problem = read_arguments(query, arg, argc, name, &p); !problem.empty()) {
      *error = problem;
      return std::nullopt;
    }
    out.push_back(std::move(p));
    i = end + 1;
  }
  return out;
}

std::optional<std::string_view> CaptureValues::value(uint32_t capture_id, TSNode node) const {
  auto view = [](const std::optional<std::string>& v) {
    return v ? std::optional<std::string_view>(*v) : std::nullopt;
  };
  switch ((*m_kinds)[capture_id]) {
    case CaptureKind::str:
      return m_resolver->constant_view(node);
    case CaptureKind::path:
      return view(m_resolver->path_ref(node));
    default:
      return resolve::node_text(node, m_source);
  }
}

namespace {
bool holds(const Predicate& p, const std::optional<std::string_view>& v, const TSQueryMatch& match,
           const CaptureValues& values) {
  switch (p.op) {
    case Predicate::Op::is_const:
      return v.has_value();
    case Predicate::Op::eq:
      if (!v) {
        return false;
      }
      if (p.other_capture) {
        for (uint16_t i = 0; i < match.capture_count; ++i) {
          if (match.captures[i].index == *p.other_capture) {
            return values.value(*p.other_capture, match.captures[i].node) == v;
          }
        }
        return false;
      }
      return *v == p.literal;
    case Predicate::Op::match:
      if (!p.finite) {
        return v && RE2::PartialMatch(re2::StringPiece(v->data(), v->size()), *p.regex);
      }
      [[fallthrough]];
    case Predicate::Op::any_of:
      return v && std::binary_search(p.set.begin(), p.set.end(), *v,
                                     [](std::string_view a, std::string_view b) { return a < b; });
  }
  return false;
}
}  // namespace

bool predicates_hold(const std::vector<Predicate>& predicates, const TSQueryMatch& match,
                     const CaptureValues& values) {
  for (const auto& p : predicates) {
    // Every node captured under the name must satisfy the predicate (quantified captures).
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index != p.capture) {
        continue;
      }
      bool ok = holds(p, values.value(p.capture, match.captures[i].node), match, values);
      if (ok == p.negate) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace tarsier
