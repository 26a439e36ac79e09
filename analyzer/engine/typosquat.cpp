#include "analyzer/engine/typosquat.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "analyzer/util/python_name.h"

namespace tarsier {

namespace {
// Short names sit one edit away from many others ("ms", "ws", "qs"); only longer names count.
constexpr size_t k_min_length = 5;
// A popular unscoped name republished under a scope is common practice (forks, rebuilds and
// framework bindings: @node-rs/bcrypt, @chakra-ui/react, @fastify/cookie); only long names
// among the most imitated count for that kind.
constexpr size_t k_scope_rank = 1000;
constexpr size_t k_scope_min_length = 8;

std::string without_separators(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '-' && c != '_' && c != '.') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// Look-alikes, longest first where one spelling contains another.
const std::vector<std::pair<std::string_view, std::string_view>>& confusables() {
  static const std::vector<std::pair<std::string_view, std::string_view>> table = {
      {"rn", "m"},       {"vv", "w"},       {"cl", "d"},          {"0", "o"},
      {"1", "l"},        {"\xd0\xb0", "a"}, {"\xd0\xb5", "e"},    {"\xd0\xbe", "o"},
      {"\xd1\x80", "p"}, {"\xd1\x81", "c"}, {"\xd1\x85", "x"},    {"\xd1\x83", "y"},
      {"\xd1\x96", "i"}, {"\xd1\x95", "s"}, {"\xd1\x98", "j"},    {"\xce\xbf", "o"},
      {"\xce\xb1", "a"}, {"\xc4\xb1", "i"}, {"\xe2\x80\x90", "-"}};
  return table;
}

struct Split {
  std::string scope;  // "@types", "" when unscoped
  std::string bare;
};

Split split_scope(const std::string& name) {
  auto slash = name.find('/');
  if (name.size() > 1 && name[0] == '@' && slash != std::string::npos) {
    return {name.substr(0, slash), name.substr(slash + 1)};
  }
  return {"", name};
}

// Scope confusion between a candidate and a popular name of rank `rank` (0 = most popular).
bool scope_confused(const Split& name, const Split& pop, size_t rank) {
  if (!name.scope.empty() && pop.scope.empty()) {
    // lodash as @evil/lodash
    return name.bare == pop.bare && name.scope != "@types" &&
           pop.bare.size() >= k_scope_min_length && rank < k_scope_rank;
  }
  if (pop.scope.empty() || name.bare.size() < 2) {
    return false;
  }
  std::string glued = without_separators(pop.scope.substr(1) + pop.bare);
  if (name.scope.empty()) {
    return without_separators(name.bare) == glued;  // types-node for @types/node
  }
  if (name.scope == pop.scope || name.bare != pop.bare) {
    return false;
  }
  // @typesnode/node, @type/node, @tpyes/node for @types/node
  return without_separators(name.scope.substr(1)) == glued ||
         (pop.scope.size() >= 5 && edit_distance(name.scope, pop.scope, 1) == 1);
}

TyposquatHit edit_hit(const std::string& name, const std::string& pop) {
  bool swap = name.size() == pop.size();
  size_t diffs = 0;
  for (size_t i = 0; swap && i < name.size(); ++i)
    diffs += name[i] != pop[i];
  return TyposquatHit{pop, swap && diffs == 2 ? "adjacent swap" : "one edit"};
}

// True when two names differ only in digits (mysql/mysql2, node18/node20, json3/json5): a
// package's own versioned or forked line, not a misspelling.
bool differ_in_digits_only(const std::string& a, const std::string& b) {
  auto letters = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c < '0' || c > '9') {
        out += c;
      }
    }
    return out;
  };
  return letters(a) == letters(b);
}

std::optional<TyposquatHit> compare(const std::string& name, const std::string& pop, size_t rank) {
  const Split n = split_scope(name), p = split_scope(pop);
  if (scope_confused(n, p, rank)) {
    return TyposquatHit{pop, "scope"};
  }
  // A scope belongs to one owner: names within the same scope do not imitate each other.
  if (pop.size() < k_min_length || (!n.scope.empty() && n.scope == p.scope) ||
      differ_in_digits_only(name, pop)) {
    return std::nullopt;
  }
  if (without_separators(name) == without_separators(pop)) {
    return TyposquatHit{pop, "separator"};
  }
  if (homoglyph_skeleton(name) == homoglyph_skeleton(pop)) {
    return TyposquatHit{pop, "homoglyph"};
  }
  if (name.size() >= k_min_length && edit_distance(name, pop, 1) == 1) {
    return edit_hit(name, pop);
  }
  return std::nullopt;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int limit) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) {
    return limit + 1;
  }
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j)
    prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) {
      return limit + 1;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

std::string homoglyph_skeleton(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    bool folded = false;
    for (const auto& [from, to] : confusables()) {
      if (name.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    }
    if (!folded) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
      ++i;
    }
  }
  return out;
}

std::optional<TyposquatHit> check_typosquat(const std::string& name,
                                            const std::vector<DataEntry>& popular,
                                            bool python_names) {
  const std::string key = python_names ? normalize_project_name(name) : name;
  for (const auto& p : popular) {
    if ((python_names ? normalize_project_name(p.value) : p.value) == key) {
      return std::nullopt;  // it is the popular package itself
    }
  }
  for (size_t rank = 0; rank < popular.size(); ++rank) {
    const std::string& pop = popular[rank].value;
    if (auto hit = compare(key, python_names ? normalize_project_name(pop) : pop, rank)) {
      hit->popular = pop;
      return hit;
    }
  }
  return std::nullopt;
}

}  // namespace tarsier
