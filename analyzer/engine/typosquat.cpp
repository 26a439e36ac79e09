#include "analyzer/engine/typosquat.h"

#include <algorithm>
#include <cctype>

namespace tarsier {

namespace {
// Short names sit one edit away from many others ("ms", "ws", "qs"); only longer names count.
constexpr size_t k_min_length = 5;

std::string without_separators(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '-' && c != '_' && c != '.') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
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

std::optional<TyposquatHit> check_typosquat(const std::string& name,
                                            const std::vector<DataEntry>& popular) {
  for (const auto& p : popular) {
    if (p.value == name) {
      return std::nullopt;  // it is the popular package itself
    }
  }
  std::string bare = name;
  std::string scope;
  if (name.size() > 1 && name[0] == '@' && name.find('/') != std::string::npos) {
    scope = name.substr(0, name.find('/'));
    bare = name.substr(name.find('/') + 1);
  }
  std::string flat = without_separators(name);
  for (const auto& p : popular) {
    const std::string& pop = p.value;
    if (pop.size() < k_min_length) {
      continue;
    }
    if (flat == without_separators(pop)) {
      return TyposquatHit{pop, "separator"};
    }
    if (!scope.empty() && pop.find('/') == std::string::npos && bare == pop && scope != "@types") {
      return TyposquatHit{pop, "scope"};
    }
    if (name.size() >= k_min_length && edit_distance(name, pop, 1) == 1) {
      bool swap = name.size() == pop.size() && edit_distance(name, pop, 0) > 0;
      size_t diffs = 0;
      for (size_t i = 0; swap && i < name.size(); ++i)
        diffs += name[i] != pop[i];
      return TyposquatHit{pop, swap && diffs == 2 ? "adjacent swap" : "one edit"};
    }
  }
  return std::nullopt;
}

}  // namespace tarsier
