// Risk levels shared by findings, packages and the --fail-on policy.
#pragma once

#include <optional>
#include <string_view>

namespace tarsier {

// Ordered from harmless to worst; comparisons use the underlying order.
enum class Risk { none = 0, low = 1, medium = 2, high = 3, critical = 4 };

std::string_view to_string(Risk risk);

// Parses "none", "low", "medium", "high" or "critical"; nullopt for anything else.
std::optional<Risk> parse_risk(std::string_view text);

}  // namespace tarsier
