#include "analyzer/core/risk.h"

#include <array>

namespace tarsier {

namespace {
constexpr std::array<std::string_view, 5> k_names = {"none", "low", "medium", "high", "critical"};
}

std::string_view to_string(Risk risk) {
  return k_names[static_cast<int>(risk)];
}

std::optional<Risk> parse_risk(std::string_view text) {
  for (size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == text) {
      return static_cast<Risk>(i);
    }
  }
  return std::nullopt;
}

}  // namespace tarsier
