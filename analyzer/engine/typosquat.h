// Typosquat check of a package name against the popular names of its ecosystem
// (rules/data/popular-npm.txt, popular-pypi.txt, built by ci/popular/build.sh): one edit or one
// adjacent swap away, the same name with separators changed or removed, look-alike characters
// (homoglyphs: `rn` for `m`, `0` for `o`, Cyrillic letters), and scope confusion (one of the
// 1,000 most popular unscoped names, 8 characters or more, under a foreign scope; a scoped name
// under a near or glued scope such as `@typesnode/node` or `types-node` for `@types/node`). A
// popular name never matches itself; names in the same scope, and names that differ only in digits
// (mysql and mysql2), do not imitate each other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyzer/engine/ruleset.h"

namespace tarsier {

struct TyposquatHit {
  std::string popular;  // the name imitated
  std::string how;      // "one edit", "adjacent swap", "separator", "homoglyph", "scope"
};

// The popular names of one ecosystem with every spelling the check compares worked out once,
// and looked up by those spellings: a name is compared only with the popular names that share
// one of them (its bare name, its glued scope, its separator-free and look-alike-folded
// spellings, or a spelling one character shorter, which every name one edit or one adjacent swap
// away shares), not with all 5,000.
class TyposquatIndex {
 public:
  // `python_names`: compare PEP 503-normalised names (PyPI), so `PyYAML` is `pyyaml` itself.
  TyposquatIndex(const std::vector<DataEntry>& popular, bool python_names);
  // The most popular name `name` imitates, and how.
  std::optional<TyposquatHit> check(const std::string& name) const;
  // The same answer from comparing `name` with every popular name in turn (tests).
  std::optional<TyposquatHit> check_each(const std::string& name) const;

  // A name's spellings: as compared (normalised for PyPI), split at its scope, without
  // separators, with look-alikes folded, without digits.
  struct Form {
    std::string key, scope, bare;  // "@types/node": "@types", "node"; unscoped: "", key
    std::string plain;             // key without separators, lower-case
    std::string plain_bare;        // bare without separators
    std::string plain_scope;       // scope without "@" and separators
    std::string glued;             // scope (without "@") and bare together, without separators
    std::string skeleton;          // homoglyph_skeleton(key)
    std::string letters;           // key without digits
  };

 private:
  Form form_of(const std::string& name) const;
  std::optional<TyposquatHit> answer(const Form& name, size_t rank) const;

  bool m_python_names;
  std::vector<std::string> m_original;  // the popular names as listed, by rank
  std::vector<Form> m_forms;            // their spellings, same order
  std::unordered_set<std::string> m_keys;
  // Every spelling above, and the key with any one byte deleted, to the ranks that have it.
  std::unordered_map<std::string, std::vector<uint32_t>> m_by_spelling;
};

// Optimal-string-alignment distance (edits plus adjacent swaps), stopping above `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit);

// The name with look-alike characters folded to one spelling (`rn` → `m`, `0` → `o`, Cyrillic
// `а` → `a`, ...), lower-cased, separators kept.
std::string homoglyph_skeleton(std::string_view name);

}  // namespace tarsier
