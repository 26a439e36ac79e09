// Locations the tests need: the source tree (fixtures/, rules/) and the built binary.
#pragma once

#include <string>

namespace tarsier::test {

// Absolute path of a file in the source tree, e.g. source_path("fixtures/npm/...").
std::string source_path(const std::string& relative);

// Absolute path of build/tarsier for end-to-end tests.
std::string tarsier_binary();

}  // namespace tarsier::test
