// The files under rules/, compiled into the binary by analyzer/engine/embed_rules.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace tarsier {

struct EmbeddedFile {
  std::string_view path;  // relative to rules/, '/'-separated
  std::string_view data;
};

const std::vector<EmbeddedFile>& embedded_rules();

}  // namespace tarsier
