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

using Form = TyposquatIndex::Form;

std::string without_digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c < '0' || c > '9') {
      out += c;
    }
  }
  return out;
}

Form make_form(std::string key) {
  Form f;
  auto slash = key.find('/');
  if (key.size() > 1 && key[0] == '@' && slash != std::string::npos) {
    f.scope = key.substr(0, slash);
    f.bare = key.substr(slash + 1);
  } else {
    f.bare = key;
  }
  f.plain = without_separators(key);
  f.plain_bare = without_separators(f.bare);
  f.plain_scope = f.scope.empty() ? "" : without_separators(std::string_view(f.scope).substr(1));
  f.glued = f.plain_scope + f.plain_bare;
  f.skeleton = homoglyph_skeleton(key);
  f.letters = without_digits(key);
  f.key = std::move(key);
  return f;
}

// Scope confusion between a candidate and a popular name of rank `rank` (0 = most popular).
bool scope_confused(const Form& name, const Form& pop, size_t rank) {
  if (!name.scope.empty() && pop.scope.empty()) {
    // lodash as @evil/lodash
    return name.bare == pop.bare && name.scope != "@types" &&
           pop.bare.size() >= k_scope_min_length && rank < k_scope_rank;
  }
  if (pop.scope.empty() || name.bare.size() < 2) {
    return false;
  }
  if (name.scope.empty()) {
    return name.plain_bare == pop.glued;  // types-node for @types/node
  }
  if (name.scope == pop.scope || name.bare != pop.bare) {
    return false;
  }
  // @typesnode/node, @type/node, @tpyes/node for @types/node
  return name.plain_scope == pop.glued ||
         (pop.scope.size() >= 5 && edit_distance(name.scope, pop.scope, 1) == 1);
}

TyposquatHit edit_hit(const std::string& name, const std::string& pop) {
  bool swap = name.size() == pop.size();
  size_t diffs = 0;
  for (size_t i = 0; swap && i < name.size(); ++i)
    diffs += name[i] != pop[i];
  return TyposquatHit{pop, swap && diffs == 2 ? "adjacent swap" : "one edit"};
}

// `how` a candidate imitates a popular name, or nullptr.
const char* compare(const Form& name, const Form& pop, size_t rank) {
  if (scope_confused(name, pop, rank)) {
    return "scope";
  }
  // A scope belongs to one owner: names within the same scope do not imitate each other. Names
  // that differ only in digits (mysql/mysql2, node18/node20, json3/json5) are a package's own
  // versioned or forked line, not a misspelling.
  if (pop.key.size() < k_min_length || (!name.scope.empty() && name.scope == pop.scope) ||
      name.letters == pop.letters) {
    return nullptr;
  }
  if (name.plain == pop.plain) {
    return "separator";
  }
  if (name.skeleton == pop.skeleton) {
    return "homoglyph";
  }
  if (name.key.size() >= k_min_length && edit_distance(name.key, pop.key, 1) == 1) {
    return "edit";
  }
  return nullptr;
}

// Edit distance 0, 1 or 2 (meaning "more than one"), with an adjacent swap as one edit: what
// edit_distance gives for a limit of 1, in one pass.
int within_one_edit(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) {
    std::swap(a, b);
  }
  if (a.size() - b.size() > 1) {
    return 2;
  }
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) {
    ++i;
  }
  if (a.size() != b.size()) {
    return a.substr(i + 1) == b.substr(i) ? 1 : 2;  // one character inserted at i
  }
  if (i == a.size()) {
    return 0;
  }
  if (a.substr(i + 1) == b.substr(i + 1)) {
    return 1;  // one substitution
  }
  bool swapped = i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                 a.substr(i + 2) == b.substr(i + 2);
  return swapped ? 1 : 2;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int limit) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) {
    return limit + 1;
  }
  if (limit == 1) {
    return within_one_edit(a, b);
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

TyposquatIndex::TyposquatIndex(const std::vector<DataEntry>& popular, bool python_names)
    : m_python_names(python_names) {
  m_original.reserve(popular.size());
  m_forms.reserve(popular.size());
  for (const auto& p : popular) {
    auto rank = static_cast<uint32_t>(m_forms.size());
    m_original.push_back(p.value);
    m_forms.push_back(form_of(p.value));
    const Form& f = m_forms.back();
    m_keys.insert(f.key);
    auto add = [&](const std::string& spelling) {
      auto& ranks = m_by_spelling[spelling];
      if (ranks.empty() || ranks.back() != rank) {
        ranks.push_back(rank);
      }
    };
    for (const std::string* s : {&f.key, &f.bare, &f.glued, &f.plain, &f.skeleton}) {
      add(*s);
    }
    for (size_t i = 0; i < f.key.size(); ++i) {
      add(f.key.substr(0, i) + f.key.substr(i + 1));
    }
  }
}

TyposquatIndex::Form TyposquatIndex::form_of(const std::string& name) const {
  return make_form(m_python_names ? normalize_project_name(name) : name);
}

std::optional<TyposquatHit> TyposquatIndex::answer(const Form& name, size_t rank) const {
  const char* how = compare(name, m_forms[rank], rank);
  if (how == nullptr) {
    return std::nullopt;
  }
  TyposquatHit hit = std::string_view(how) == "edit" ? edit_hit(name.key, m_forms[rank].key)
                                                     : TyposquatHit{"", how};
  hit.popular = m_original[rank];
  return hit;
}

std::optional<TyposquatHit> TyposquatIndex::check(const std::string& name) const {
  Form form = form_of(name);
  if (m_keys.count(form.key) != 0) {
    return std::nullopt;  // it is the popular package itself
  }
  // Each way compare() can match needs a spelling in common: scope confusion the bare name
  // (or the candidate's bare name glued to the popular scope), separators the plain spelling,
  // look-alikes the skeleton, one edit or swap a key with one byte deleted (or the key itself).
  std::vector<uint32_t> ranks;
  auto gather = [&](const std::string& spelling) {
    auto it = m_by_spelling.find(spelling);
    if (it != m_by_spelling.end()) {
      ranks.insert(ranks.end(), it->second.begin(), it->second.end());
    }
  };
  for (const std::string* s :
       {&form.key, &form.bare, &form.plain_bare, &form.plain, &form.skeleton}) {
    gather(*s);
  }
  for (size_t i = 0; i < form.key.size(); ++i) {
    gather(form.key.substr(0, i) + form.key.substr(i + 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  for (uint32_t rank : ranks) {
    if (auto hit = answer(form, rank)) {
      return hit;
    }
  }
  return std::nullopt;
}

std::optional<TyposquatHit> TyposquatIndex::check_each(const std::string& name) const {
  Form form = form_of(name);
  if (m_keys.count(form.key) != 0) {
    return std::nullopt;
  }
  for (size_t rank = 0; rank < m_forms.size(); ++rank) {
    if (auto hit = answer(form, rank)) {
      return hit;
    }
  }
  return std::nullopt;
}

}  // namespace tarsier
