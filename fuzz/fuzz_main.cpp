// libFuzzer entry point of one target, chosen at build time by TARSIER_FUZZ_TARGET.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#ifdef TARSIER_FUZZ_LOCKFILE
  auto run = tarsier::fuzz::run_lockfile_target;
#else
  auto run = tarsier::fuzz::run_target;
#endif
  if (!run(TARSIER_FUZZ_TARGET, {reinterpret_cast<const char*>(data), size})) {
    __builtin_trap();  // the build named a target that does not exist
  }
  return 0;
}
