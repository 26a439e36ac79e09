// The finding ids the code emits itself, outside the rules/ folder (archive limits, lexical
// signals, install hooks, lockfile signals, integrity, known malware...). With the rule, text
// pattern and threat ids of rules/ they are every id a finding can carry; the policy file's
// `rule:` is checked against them. tests/core/finding_ids_test.cpp keeps this list complete.
#pragma once

#include <array>
#include <string_view>

namespace tarsier {

inline constexpr std::array<std::string_view, 35> k_built_in_finding_ids = {
    "analysis-budget",
    "analysis-partial",
    "analysis-skipped",
    "archive-big-entry",
    "archive-big-native-entry",
    "archive-hardlink",
    "archive-limit-exceeded",
    "archive-path-traversal",
    "archive-symlink",
    "archive-unreadable",
    "archive-unreadable-entry",
    "cloud-metadata",
    "database-write-failed",
    "decoded-payload",
    "encoded-blob",
    "encoded-wasm",
    "gyp-command-expansion",
    "integrity-mismatch",
    "integrity-republished",
    "known-malware",
    "local-package",
    "lockfile-install-script",
    "minified-file",
    "native-binary",
    "non-registry-dependency",
    "npm-install-script",
    "obfuscated-file",
    "registry-host-mismatch",
    "sensitive-env-name",
    "typosquat",
    "unicode-bidi",
    "unicode-homoglyph",
    "unicode-invisible",
    "url-dependency",
    "url-strings",
};

}  // namespace tarsier
