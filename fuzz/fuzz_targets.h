// The body of every libFuzzer target, by the name of its seed folder (fuzz/corpus/<name>/):
// the fuzz executables (fuzz_main.cpp) call it with generated inputs, and the test suite
// replays the seeds and the crash regressions of fuzz/regressions/<name>/ through it in every
// build. Any bytes must give a result or diagnostics: never a crash, a throw, a hang or
// unbounded memory; a broken invariant traps.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarsier::fuzz {

// Runs target `name` on `data`; false when no target has that name.
bool run_target(std::string_view name, std::string_view data);

// Every target name, in a stable order.
std::vector<std::string> target_names();

// The lockfile parser targets alone (lockfile_targets.cpp, which needs only the parsers
// library, so these fuzzers build first): false when `name` is not one of them.
bool run_lockfile_target(std::string_view name, std::string_view data);
std::vector<std::string> lockfile_target_names();

}  // namespace tarsier::fuzz
