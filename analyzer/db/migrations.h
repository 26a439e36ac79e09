// The risk database schema as an ordered list of migrations. Migration N (1-based) brings a
// database from schema version N-1 to N. Never edit a released migration; append one. Each is
// written in SQLite's spelling and rewritten for PostgreSQL by dialect.h; where the engines
// differ beyond that table (views over JSON arrays, triggers) a migration has a PostgreSQL part
// of its own.
#pragma once

#include <string>
#include <vector>

#include "analyzer/db/backend.h"

namespace tarsier::db {

const std::vector<std::string>& migrations(Dialect dialect = Dialect::sqlite);

}  // namespace tarsier::db
