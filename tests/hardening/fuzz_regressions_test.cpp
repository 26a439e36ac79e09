// Replays through every fuzz target (fuzz/fuzz_targets.cpp) its checked-in seeds
// (fuzz/corpus/<target>/) and the inputs that once crashed it (fuzz/regressions/<target>/),
// in the normal build: each must come back without crashing, so a fixed crash stays fixed even
// where the fuzzers are not built.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "fuzz/fuzz_targets.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier::test;
namespace fs = std::filesystem;

namespace {

// Replays every file of fuzz/<folder>/<target>/; the number of files replayed.
int replay(const std::string& folder) {
  int replayed = 0;
  fs::path root = source_path("fuzz/" + folder);
  if (!fs::exists(root)) {
    return 0;
  }
  std::set<std::string> known;
  for (const auto& name : tarsier::fuzz::target_names()) {
    known.insert(name);
  }
  for (const auto& dir : fs::directory_iterator(root)) {
    std::string target = dir.path().filename().string();
    INFO(folder << "/" << target);
    REQUIRE(known.count(target) == 1);  // a folder for a target that does not exist
    for (const auto& input : fs::directory_iterator(dir.path())) {
      INFO(input.path().string());
      CHECK(tarsier::fuzz::run_target(target, read_text_file(input.path().string())));
      ++replayed;
    }
  }
  return replayed;
}

}  // namespace

TEST_CASE("every fuzz target has seeds and replays them", "[hardening][fuzz]") {
  for (const auto& name : tarsier::fuzz::target_names()) {
    INFO(name);
    CHECK(fs::exists(source_path("fuzz/corpus/" + name)));
  }
  CHECK(tarsier::fuzz::target_names().size() == 23);
  CHECK(replay("corpus") >= 23);
  CHECK_FALSE(tarsier::fuzz::run_target("no-such-target", ""));
}

TEST_CASE("inputs that once crashed a fuzz target stay fixed", "[hardening][fuzz]") {
  CHECK(replay("regressions") >= 0);
}
