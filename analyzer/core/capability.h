// Stable capability identifiers. Reports, the database and rules use these strings verbatim;
// never rename one, only add.
#pragma once

#include <string_view>

namespace tarsier::capability {

inline constexpr std::string_view install_scripts = "install-scripts";
inline constexpr std::string_view network = "network";
inline constexpr std::string_view filesystem = "filesystem";
inline constexpr std::string_view shell = "shell";
inline constexpr std::string_view env = "env";
inline constexpr std::string_view eval = "eval";
inline constexpr std::string_view dynamic_require = "dynamic-require";
inline constexpr std::string_view native_code = "native-code";
inline constexpr std::string_view obfuscation = "obfuscation";
inline constexpr std::string_view minified = "minified";
inline constexpr std::string_view url_strings = "url-strings";
inline constexpr std::string_view unicode_tricks = "unicode-tricks";
inline constexpr std::string_view typosquat = "typosquat";
inline constexpr std::string_view exfiltration = "exfiltration";
inline constexpr std::string_view crypto_wallet = "crypto-wallet";
// Problems with the package itself rather than its behaviour.
inline constexpr std::string_view integrity = "integrity";  // hash mismatch, republish
inline constexpr std::string_view archive = "archive";      // limits, traversal, links
inline constexpr std::string_view analysis = "analysis";    // skipped or failed analysis
inline constexpr std::string_view source = "source";        // non-registry origin
// A version catalogued as malicious (OSV record imported with `tarsier db import-osv`).
inline constexpr std::string_view known_malware = "known-malware";
// What the registry says about the version (release age, deprecation, publishers, repository).
inline constexpr std::string_view registry_metadata = "registry-metadata";

// True when `id` is one of the identifiers above.
bool is_known(std::string_view id);

}  // namespace tarsier::capability
