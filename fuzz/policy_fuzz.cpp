// libFuzzer target for the policy file (.tarsier.yml): YAML from a pull request.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tarsier::Policy policy = tarsier::parse_policy(text, ".tarsier.yml", "2026-01-01");
  (void)policy;
  return 0;
}
