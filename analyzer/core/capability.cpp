#include "analyzer/core/capability.h"

#include <array>

namespace tarsier::capability {

bool is_known(std::string_view id) {
  static constexpr std::array k_all = {
      install_scripts, network, filesystem, shell, env, eval, dynamic_require, native_code,
      obfuscation, minified, url_strings, unicode_tricks, typosquat, exfiltration, crypto_wallet,
      integrity, archive, analysis, source, known_malware,
      // What the registry says about a version (analyzer/scan/registry_signals.h).
      std::string_view("registry-metadata")};
  for (auto known : k_all) {
    if (known == id) {
      return true;
    }
  }
  return false;
}

}  // namespace tarsier::capability
