// `tarsier policy check [FILE]`: validates a policy file (default: .tarsier.yml found from the
// current directory upwards) and prints every problem as path:line:col: message.
#include <filesystem>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/engine/finding_ids.h"
#include "analyzer/policy/policy.h"

namespace tarsier::cli {

namespace {

int run_policy(const ParsedArgs& args) {
  if (args.positional.empty() || args.positional[0] != "check" || args.positional.size() > 2) {
    std::cerr << "tarsier policy: expected 'check [FILE]'\n";
    return k_exit_usage;
  }
  std::string path;
  if (args.positional.size() == 2) {
    path = args.positional[1];
  } else {
    std::error_code ec;
    std::string cwd = std::filesystem::current_path(ec).string();
    auto found = find_policy_file(cwd);
    if (!found) {
      std::cerr << "tarsier policy: no " << k_policy_file_name << " in " << cwd
                << " or any directory above it\n";
      return k_exit_usage;
    }
    path = *found;
  }
  auto known_rules = finding_ids("");
  if (!known_rules) {
    std::cerr << "tarsier policy: " << known_rules.error().str() << "\n";
    return k_exit_usage;
  }
  Policy policy = load_policy(path, today_utc(), &*known_rules);
  for (const auto& diagnostic : policy.errors) {
    std::cerr << diagnostic.str() << "\n";
  }
  int expired = 0;
  for (const auto& warning : policy.warnings) {
    Diagnostic shown = warning;
    shown.message = "warning: " + shown.message;
    std::cerr << shown.str() << "\n";
  }
  for (const auto& s : policy.suppressions) {
    expired += s.expired ? 1 : 0;
  }
  if (!policy.errors.empty()) {
    std::cout << path << ": invalid: " << policy.errors.size()
              << (policy.errors.size() == 1 ? " error\n" : " errors\n");
    return k_exit_usage;
  }
  std::cout << path << ": valid: " << policy.suppressions.size()
            << (policy.suppressions.size() == 1 ? " suppression" : " suppressions") << " ("
            << expired << " expired)";
  if (policy.fail_on) {
    std::cout << ", fail-on " << to_string(*policy.fail_on);
  }
  std::cout << "\n";
  return k_exit_ok;
}

const CommandRegistration k_policy{{
    "policy",
    "policy check [FILE]",
    "validate a policy file (.tarsier.yml): suppressions and fail-on",
    {},
    run_policy,
}};

}  // namespace

}  // namespace tarsier::cli
