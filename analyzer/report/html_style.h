// The dashboard's inline style sheet and script (kept apart from the writer).
#pragma once

#include <string_view>

namespace tarsier {

extern const std::string_view k_dashboard_css;
extern const std::string_view k_dashboard_script;

}  // namespace tarsier
