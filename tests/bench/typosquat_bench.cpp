// Counts what the typosquat check flags in lists of real package names (false-positive
// measurement; not a test): typosquat_bench npm|pypi NAMES_FILE... where each file holds one
// name per line ('#' lines skipped). Prints every flagged name with the popular name it
// resembles and how, then the totals, against the built-in popular lists.
#include <fstream>
#include <iostream>
#include <set>
#include <string>

#include "analyzer/engine/ruleset.h"
#include "analyzer/engine/typosquat.h"

int main(int argc, char** argv) {
  if (argc < 3 || (std::string(argv[1]) != "npm" && std::string(argv[1]) != "pypi")) {
    std::cerr << "usage: typosquat_bench npm|pypi NAMES_FILE...\n";
    return 2;
  }
  const bool pypi = std::string(argv[1]) == "pypi";
  auto loaded = tarsier::RuleSet::load("");
  if (!loaded) {
    std::cerr << loaded.error().str() << "\n";
    return 2;
  }
  const auto& rules = *loaded;
  const tarsier::TyposquatIndex index(rules->data(pypi ? "popular-pypi" : "popular-npm"), pypi);
  for (int a = 2; a < argc; ++a) {
    std::ifstream in(argv[a]);
    std::set<std::string> names;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] != '#') {
        names.insert(line);
      }
    }
    int flagged = 0;
    for (const auto& name : names) {
      if (auto hit = index.check(name)) {
        ++flagged;
        std::cout << "  " << name << " -> " << hit->popular << " (" << hit->how << ")\n";
      }
    }
    std::cout << argv[a] << ": " << names.size() << " names, " << flagged << " flagged\n";
  }
  return 0;
}
