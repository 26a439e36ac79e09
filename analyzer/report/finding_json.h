// One finding as every JSON report writes it (scan, diff, list).
#pragma once

#include <nlohmann/json.hpp>

#include "analyzer/core/finding.h"

namespace tarsier {

nlohmann::ordered_json finding_json(const Finding& finding);

}  // namespace tarsier
