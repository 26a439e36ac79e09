// The risk database schema as an ordered list of migrations. Migration N (1-based) brings a
// database from PRAGMA user_version N-1 to N. Never edit a released migration; append one.
#pragma once

#include <string_view>
#include <vector>

namespace tarsier::db {

const std::vector<std::string_view>& migrations();

}  // namespace tarsier::db
