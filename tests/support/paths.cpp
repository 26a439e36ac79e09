#include "tests/support/paths.h"

namespace tarsier::test {

std::string source_path(const std::string& relative) {
  return std::string(TARSIER_SOURCE_DIR) + "/" + relative;
}

std::string tarsier_binary() {
  return TARSIER_BINARY;
}

}  // namespace tarsier::test
