// The project policy file (.tarsier.yml): suppressions that accept known findings, each with a
// mandatory reason, and a default --fail-on level. Parsing reports every problem as a located
// Diagnostic and keeps the good entries; lookup walks from the project directory upwards.
//
//   fail-on: medium                      # optional default for --fail-on
//   min-release-age: 3d                  # optional default for --min-release-age
//   registry-signals: true               # optional: as --registry-signals
//   suppressions:
//     - ecosystem: npm                   # npm | pypi
//       name: fetchy
//       version: "^2.1.0"                # exact or range (analyzer/policy/version_range.h)
//       rule: js-network-module          # rule and/or capability
//       capability: network
//       path: lib/client.js              # optional: file inside the package (version-like
//                                        # segments compare normalised)
//       sha256: 3f0c...                  # optional, needs path: pinned to that file's content
//       fingerprint: 9b1c2d3e4f5a6b7c    # optional: one finding, whatever its line or version
//       reason: the HTTP client is the package's purpose   # mandatory
//       expires: 2026-12-31              # optional; after that day it warns and no longer applies
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/risk.h"
#include "analyzer/policy/version_range.h"

namespace tarsier {

inline constexpr std::string_view k_policy_file_name = ".tarsier.yml";

struct Suppression {
  std::string ecosystem;
  std::string name;
  VersionRange version;
  std::string rule;        // "" = any rule
  std::string capability;  // "" = any capability
  std::string path;        // "" = any file
  std::string sha256;      // lower-case hex; "" = not pinned
  // One finding's identity (analyzer/core/finding_identity.h), stable across versions and line
  // moves; "" = any finding the other fields match.
  std::string fingerprint;
  std::string reason;
  std::string expires;  // YYYY-MM-DD or ""
  bool expired = false;
  int line = 0;  // where the entry starts in the policy file
  int column = 0;
};

struct Policy {
  std::string path;                       // the file it came from
  std::vector<Suppression> suppressions;  // valid entries, expired ones included (marked)
  std::optional<Risk> fail_on;
  std::optional<std::chrono::seconds> min_release_age;
  std::optional<bool> registry_signals;
  std::vector<Diagnostic> errors;    // bad entries (left out) and bad keys
  std::vector<Diagnostic> warnings;  // expired suppressions
};

// Parses policy text. `today` is "YYYY-MM-DD" (UTC) and decides which entries have expired.
// `known_rules` (every id a finding can carry, analyzer/engine/finding_ids.h) makes a `rule:`
// naming another id an error, "unknown rule id 'x'; did you mean 'y'?"; null: not checked.
// Never throws: YAML syntax errors and bad entries become `errors`, good entries are kept.
Policy parse_policy(std::string_view text, const std::string& path, std::string_view today,
                    const std::vector<std::string>* known_rules = nullptr);

// Reads and parses a policy file; an unreadable file is one error.
Policy load_policy(const std::string& path, std::string_view today,
                   const std::vector<std::string>* known_rules = nullptr);

// The first .tarsier.yml found in `start_dir` or a parent directory up to the repository's root
// (repository_root); outside any repository, up to the first folder that group or others may
// write to (such as /tmp), which is not searched. nullopt when there is none. The search starts
// above any node_modules, site-packages or dist-packages directory in `start_dir`, so a policy is
// never read from inside an installed package.
std::optional<std::string> find_policy_file(const std::string& start_dir);

// The current UTC date as YYYY-MM-DD.
std::string today_utc();

// True for a real calendar date written YYYY-MM-DD.
bool is_valid_date(std::string_view text);

}  // namespace tarsier
