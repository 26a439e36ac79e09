// `tarsier rules list` and `tarsier rules test [ID]`: what the engine knows and whether every
// rule still passes its own annotated cases.
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/engine/rule_test.h"
#include "analyzer/engine/ruleset.h"

namespace tarsier::cli {

namespace {

int run_rules(const ParsedArgs& args) {
  if (args.positional.empty() || (args.positional[0] != "list" && args.positional[0] != "test")) {
    std::cerr << "tarsier rules: expected 'list' or 'test [ID]'\n";
    return k_exit_usage;
  }
  auto loaded = RuleSet::load(args.get("rules"));
  if (!loaded) {
    std::cerr << "tarsier rules: " << loaded.error().str() << "\n";
    return k_exit_usage;
  }
  const auto& rules = *loaded;
  if (args.positional[0] == "list") {
    for (const auto& r : rules->rules()) {
      std::string langs;
      for (Lang l : r->languages)
        langs += (langs.empty() ? "" : ",") + std::string(lang_name(l));
      std::cout << r->id << "\t" << (r->capability.empty() ? "-" : r->capability) << "\t"
                << to_string(r->severity) << "\t" << langs << "\t" << r->message << "\n";
    }
    for (const auto& p : rules->text_patterns()) {
      std::cout << p.id << "\t" << p.capability << "\t" << to_string(p.severity) << "\ttext\t"
                << p.message << "\n";
    }
    for (const auto& t : rules->threats()) {
      std::cout << "threat-" << t.id << "\t" << t.capability << "\t" << to_string(t.severity)
                << "\t" << (t.package_scope ? "package" : "file") << "\t" << t.message << "\n";
    }
    return k_exit_ok;
  }
  std::string only = args.positional.size() > 1 ? args.positional[1] : "";
  int failed = 0, passed = 0;
  for (const auto& r : run_rule_tests(*rules, only)) {
    if (r.failures.empty()) {
      ++passed;
      std::cout << "ok      " << r.rule_id << " (" << r.positive << " ruleid, " << r.negative
                << " ok)\n";
    } else {
      ++failed;
      std::cout << "FAILED  " << r.rule_id << "\n";
      for (const auto& f : r.failures)
        std::cout << "        " << f << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? k_exit_ok : k_exit_findings;
}

CommandRegistration k_register{
    Command{"rules",
            "rules list | rules test [ID] [--rules DIR]",
            "List the behaviour rules, or run their annotated test cases",
            {{"rules", 0, true, false, "DIR", "load rules from DIR instead of the built-in set"}},
            run_rules}};

}  // namespace

}  // namespace tarsier::cli
