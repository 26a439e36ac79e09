#include "analyzer/policy/version_range.h"

#include <cstdint>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/policy/pep440_range.h"
#include "analyzer/util/semver.h"

namespace tarsier::range_text {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + separator.size();
  }
}

}  // namespace tarsier::range_text

namespace tarsier {

namespace {

using range_text::split;
using range_text::trim;

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 18) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

// ---- npm semver ranges (versions: analyzer/util/semver.h) ----------------------------------

// A possibly partial version of a range: "1", "1.2", "1.2.x", "1.2.3-rc.1". `given` counts the
// numeric parts that were written (the rest are wildcards).
struct Partial {
  uint64_t part[3] = {0, 0, 0};
  int given = 0;
  std::string pre;  // "-rc.1" including the dash, only with all three parts
};

std::optional<Partial> parse_partial(std::string_view text) {
  text = trim(text);
  if (!text.empty() && (text.front() == 'v' || text.front() == '=')) {
    text.remove_prefix(1);
  }
  if (auto plus = text.find('+'); plus != std::string_view::npos) {
    text = text.substr(0, plus);
  }
  Partial p;
  if (text.empty() || text == "*" || text == "x" || text == "X") {
    return p;
  }
  std::string_view core = text;
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    p.pre = std::string(text.substr(dash));
    core = text.substr(0, dash);
  }
  auto parts = split(core, ".");
  if (parts.size() > 3) {
    return std::nullopt;
  }
  bool wild = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "x" || parts[i] == "X" || parts[i] == "*") {
      wild = true;
      continue;
    }
    if (wild || !all_digits(parts[i])) {
      return std::nullopt;  // "1.x.3" or a non-number
    }
    p.part[i] = std::stoull(std::string(parts[i]));
    p.given = static_cast<int>(i) + 1;
  }
  if (!p.pre.empty() && (p.given != 3 || !parse_semver(text))) {
    return std::nullopt;
  }
  return p;
}

std::string str(uint64_t a, uint64_t b, uint64_t c, const std::string& pre = "") {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + pre;
}

// The first version above everything the partial names: 1 -> 2.0.0, 1.2 -> 1.3.0.
std::string bump(const Partial& p) {
  if (p.given <= 1) {
    return str(p.part[0] + 1, 0, 0, "-0");
  }
  return str(p.part[0], p.part[1] + 1, 0, "-0");
}

using Comparators = std::vector<VersionRange::Comparator>;

// One npm comparator token ("^1.2", ">=1.0.0", "1.x") appended as plain bounds.
Result<void> npm_token(std::string_view token, Comparators* out) {
  const std::string written(token);
  std::string op;
  for (std::string_view candidate : {">=", "<=", ">", "<", "^", "~", "="}) {
    if (token.substr(0, candidate.size()) == candidate) {
      op = std::string(candidate);
      token.remove_prefix(candidate.size());
      break;
    }
  }
  if (op == "~" && !token.empty() && token.front() == '>') {
    token.remove_prefix(1);  // "~>" is node-semver's alias of "~"
  }
  auto p = parse_partial(token);
  if (!p) {
    return make_error(ErrorKind::invalid, "'" + written + "' is not a semver range");
  }
  const bool full = p->given == 3;
  const std::string low = str(p->part[0], p->part[1], p->part[2], p->pre);
  if (p->given == 0) {
    if (op == "<" || op == ">") {
      out->push_back({"<", "0.0.0-0"});  // "<*" and ">*" match nothing
    }
    return {};
  }
  if (op == "^") {
    out->push_back({">=", low});
    if (p->part[0] > 0 || p->given == 1) {
      out->push_back({"<", str(p->part[0] + 1, 0, 0, "-0")});
    } else if (p->part[1] > 0 || p->given == 2) {
      out->push_back({"<", str(0, p->part[1] + 1, 0, "-0")});
    } else {
      out->push_back({"<", str(0, 0, p->part[2] + 1, "-0")});
    }
  } else if (op == "~") {
    out->push_back({">=", low});
    out->push_back({"<", p->given == 1 ? bump(*p) : str(p->part[0], p->part[1] + 1, 0, "-0")});
  } else if (op == ">=" || op == "<") {
    out->push_back({op, low});
  } else if (op == ">") {
    out->push_back(full ? VersionRange::Comparator{">", low}
                        : VersionRange::Comparator{">=", bump(*p)});
  } else if (op == "<=") {
    out->push_back(full ? VersionRange::Comparator{"<=", low}
                        : VersionRange::Comparator{"<", bump(*p)});
  } else if (full) {
    out->push_back({"==", low});
  } else {
    out->push_back({">=", low});
    out->push_back({"<", bump(*p)});
  }
  return {};
}

Result<void> parse_npm(std::string_view text, std::vector<Comparators>* alternatives) {
  for (auto alternative : split(text, "||")) {
    alternative = trim(alternative);
    Comparators all;
    if (auto hyphen = alternative.find(" - "); hyphen != std::string_view::npos) {
      auto from = parse_partial(alternative.substr(0, hyphen));
      auto to = parse_partial(alternative.substr(hyphen + 3));
      if (!from || !to || from->given == 0 || to->given == 0) {
        return make_error(ErrorKind::invalid, "'" + std::string(alternative) +
                                                  "' is not a range 'A - B' of semver versions");
      }
      all.push_back({">=", str(from->part[0], from->part[1], from->part[2], from->pre)});
      all.push_back(to->given == 3 ? VersionRange::Comparator{"<=", str(to->part[0], to->part[1],
                                                                        to->part[2], to->pre)}
                                   : VersionRange::Comparator{"<", bump(*to)});
      alternatives->push_back(std::move(all));
      continue;
    }
    // "> = 1.0" is not allowed, but ">= 1.0" (operator then space) is, as in node-semver.
    std::string joined;
    for (size_t i = 0; i < alternative.size(); ++i) {
      char c = alternative[i];
      joined += c;
      bool is_op = c == '>' || c == '<' || c == '=' || c == '^' || c == '~';
      if (is_op) {
        while (i + 1 < alternative.size() && alternative[i + 1] == ' ') {
          ++i;
        }
      }
    }
    for (auto token : split(joined, " ")) {
      if (token.empty()) {
        continue;
      }
      if (auto added = npm_token(token, &all); !added) {
        return added;
      }
    }
    alternatives->push_back(std::move(all));
  }
  return {};
}

bool npm_holds(const VersionRange::Comparator& c, const SemVer& v) {
  auto bound = parse_semver(c.version);
  if (!bound) {
    return false;
  }
  return comparison_holds(c.op, compare_semver(v, *bound));
}

// node-semver's pre-release rule: a pre-release version only satisfies a set of comparators when
// one of them is a pre-release of the same major.minor.patch, so `^1.2.0` does not take in
// 1.3.0-beta.1 but `>=1.3.0-alpha <2` does.
bool npm_prerelease_allowed(const std::vector<VersionRange::Comparator>& all, const SemVer& v) {
  if (v.pre.empty()) {
    return true;
  }
  for (const auto& c : all) {
    auto bound = parse_semver(c.version);
    if (bound && !bound->pre.empty() && bound->part[0] == v.part[0] &&
        bound->part[1] == v.part[1] && bound->part[2] == v.part[2]) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<VersionRange> VersionRange::parse(std::string_view ecosystem, std::string_view text) {
  VersionRange range;
  range.m_ecosystem = std::string(ecosystem);
  range.m_text = std::string(trim(text));
  if (range.m_text == "*" || range.m_text.empty()) {
    range.m_any = true;
    return range;
  }
  const Ecosystem* known = find_ecosystem(ecosystem);
  if (known != nullptr && known->versions == VersionSyntax::semver) {
    if (auto parsed = parse_npm(range.m_text, &range.m_alternatives); !parsed) {
      return parsed.error();
    }
  } else if (known != nullptr && known->versions == VersionSyntax::pep440) {
    range.m_alternatives.emplace_back();
    if (auto parsed = parse_pep440_specifiers(range.m_text, &range.m_alternatives.back());
        !parsed) {
      return parsed.error();
    }
  } else {
    return make_error(ErrorKind::invalid, "unknown ecosystem '" + std::string(ecosystem) + "'");
  }
  return range;
}

bool VersionRange::contains(std::string_view version) const {
  if (m_any) {
    return true;
  }
  std::optional<SemVer> semver;
  const Ecosystem* known = find_ecosystem(m_ecosystem);
  if (known != nullptr && known->versions == VersionSyntax::semver) {
    semver = parse_semver(version);
    if (!semver) {
      return false;
    }
  }
  for (const auto& alternative : m_alternatives) {
    bool all = true;
    for (const auto& c : alternative) {
      all = all && (semver ? npm_holds(c, *semver) : pep440_comparator_holds(c, version));
    }
    if (all && (!semver || npm_prerelease_allowed(alternative, *semver))) {
      return true;
    }
  }
  return false;
}

bool comparison_holds(std::string_view op, int cmp) {
  if (op == "<")
    return cmp < 0;
  if (op == "<=")
    return cmp <= 0;
  if (op == ">")
    return cmp > 0;
  if (op == ">=")
    return cmp >= 0;
  if (op == "!=")
    return cmp != 0;
  return cmp == 0;
}

}  // namespace tarsier
