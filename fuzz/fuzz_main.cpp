// libFuzzer entry point of one target, chosen at build time by TARSIER_FUZZ_TARGET.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.h"

namespace {

#ifdef TARSIER_FUZZ_LOCKFILE
constexpr auto run = tarsier::fuzz::run_lockfile_target;
#else
constexpr auto run = tarsier::fuzz::run_target;
#endif

}  // namespace

// Runs the target once on empty input before fuzzing starts, so one-time set-up (the analysis
// targets compile every rule, seconds under the sanitizers) is not counted against the first
// input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)run(TARSIER_FUZZ_TARGET, {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!run(TARSIER_FUZZ_TARGET, {reinterpret_cast<const char*>(data), size})) {
    __builtin_trap();  // the build named a target that does not exist
  }
  return 0;
}
