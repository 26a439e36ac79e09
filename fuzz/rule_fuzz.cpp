// libFuzzer target for the rule loader: one rule file (a tree-sitter query with its metadata
// and test annotations), as `--rules DIR` would read it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analyzer/engine/rule.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const paths[] = {"js/fuzz.scm", "python/fuzz.scm", "shell/fuzz.scm"};
  if (size < 1) {
    return 0;
  }
  tarsier::RuleFile file{paths[data[0] % 3],
                         std::string(reinterpret_cast<const char*>(data + 1), size - 1)};
  tarsier::Diagnostic error;
  auto rule = tarsier::parse_query_rule(file, &error);
  (void)rule;
  return 0;
}
