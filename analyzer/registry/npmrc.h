// The .npmrc syntax as npm's ini reader understands it: `key=value` lines, `;`/`#` comment
// lines, quoted values, inline comments after unquoted values, and ${VAR} expansion.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

struct NpmrcEntry {
  std::string key;
  std::string value;
  int line = 0;    // 1-based
  int column = 0;  // 1-based column where the value starts
};

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Replaces ${NAME} with the variable's value (left as is when unset) and ${NAME?} with the value
// or "". A backslash before '$' escapes the expansion, as npm does.
std::string expand_npmrc_env(std::string_view text, const EnvLookup& env);

// Every key=value entry outside [sections], keys and values expanded. Never fails: lines npm
// would ignore are skipped.
std::vector<NpmrcEntry> parse_npmrc(std::string_view text, const EnvLookup& env);

// The process environment as an EnvLookup.
std::optional<std::string> process_env(const std::string& name);

}  // namespace tarsier
