// Reads the HTML dashboard's data from the risk database: every package's timeline (as
// `tarsier history` builds it) with the findings of each version's latest report, the risk of
// each project (a lockfile's directory) in its latest scan, and the alerts.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/dashboard.h"
#include "analyzer/core/result.h"

namespace tarsier {

// Versions in each package's ecosystem order. An error when the database cannot be
// read.
Result<Dashboard> load_dashboard(const std::string& db_path);

}  // namespace tarsier
