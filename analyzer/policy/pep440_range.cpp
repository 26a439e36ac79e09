#include "analyzer/policy/pep440_range.h"

#include "analyzer/util/ascii.h"
#include "analyzer/util/pep440.h"

namespace tarsier {

using range_text::split;
using range_text::trim;

Result<void> parse_pep440_specifiers(std::string_view text,
                                     std::vector<VersionRange::Comparator>* all) {
  for (auto spec : split(text, ",")) {
    spec = trim(spec);
    std::string op;
    for (std::string_view candidate : {"===", "==", "!=", "~=", ">=", "<=", ">", "<"}) {
      if (spec.substr(0, candidate.size()) == candidate) {
        op = std::string(candidate);
        spec.remove_prefix(candidate.size());
        break;
      }
    }
    spec = trim(spec);
    if (op.empty()) {
      op = "==";  // a bare version is an exact pin
    }
    if (op == "===") {
      all->push_back({op, std::string(spec)});
      continue;
    }
    bool wildcard = spec.size() > 2 && spec.substr(spec.size() - 2) == ".*";
    std::string_view version = wildcard ? spec.substr(0, spec.size() - 2) : spec;
    auto parsed = parse_pep440(version);
    if (!parsed) {
      return make_error(ErrorKind::invalid, "'" + std::string(spec) + "' is not a PEP 440 version");
    }
    if (wildcard && op != "==" && op != "!=") {
      return make_error(ErrorKind::invalid,
                        "'.*' is only allowed with == and != ('" + op + std::string(spec) + "')");
    }
    if (wildcard) {
      all->push_back({op + "*", std::string(version)});
    } else if (op == "~=") {
      // ~=1.4.5 means >=1.4.5 and ==1.4.*: the last release part may grow.
      auto release = split(version.substr(0, version.find_first_of("abcrpd+-_")), ".");
      if (release.size() < 2) {
        return make_error(ErrorKind::invalid,
                          "~= needs at least two release parts ('~=" + std::string(spec) + "')");
      }
      std::string prefix;
      for (size_t i = 0; i + 1 < release.size(); ++i) {
        prefix += (i == 0 ? "" : ".") + std::string(release[i]);
      }
      all->push_back({">=", std::string(version)});
      all->push_back({"==*", prefix});
    } else {
      all->push_back({op, std::string(version)});
    }
  }
  return {};
}

namespace {

bool release_starts_with(const Pep440Version& v, const Pep440Version& prefix) {
  if (v.epoch != prefix.epoch) {
    return false;
  }
  for (size_t i = 0; i < prefix.release.size(); ++i) {
    uint64_t part = i < v.release.size() ? v.release[i] : 0;  // trailing zeros were trimmed
    if (part != prefix.release[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool pep440_comparator_holds(const VersionRange::Comparator& c, std::string_view text) {
  if (c.op == "===") {
    return ascii_lower(trim(text)) == ascii_lower(trim(c.version));
  }
  auto v = parse_pep440(text);
  auto bound = parse_pep440(c.version);
  if (!v || !bound) {
    return false;
  }
  if (c.op == "==*")
    return release_starts_with(*v, *bound);
  if (c.op == "!=*")
    return !release_starts_with(*v, *bound);
  // PEP 440: a candidate's local label is ignored unless the specifier names one (only `==`
  // and `!=` may).
  if (bound->local.empty()) {
    v->local.clear();
  }
  // Exclusive bounds do not take in the bound's own post-releases (`>1.0` is not met by
  // 1.0.post1) or pre-releases (`<1.0` is not met by 1.0rc1), unless the bound is one itself.
  bool same_release = v->epoch == bound->epoch && v->release == bound->release;
  if (c.op == ">" && same_release && v->post && !bound->post) {
    return false;
  }
  if (c.op == "<" && same_release && v->is_prerelease() && !bound->is_prerelease()) {
    return false;
  }
  int cmp = compare_pep440(*v, *bound);
  return comparison_holds(c.op, cmp);
}

}  // namespace tarsier
