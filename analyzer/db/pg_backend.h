// The shared backend: a PostgreSQL server through libpq. Statements are prepared once per
// connection (cached by their text) and run with text parameters; migrations are serialised
// across processes by a transaction-scoped advisory lock.
#pragma once

#include <memory>
#include <string>

#include "analyzer/db/backend.h"

namespace tarsier::db {

// `uri` is a libpq connection URI ("postgresql://user@host/db", "postgresql:///db?host=/dir").
Result<std::unique_ptr<Backend>> open_postgres(const std::string& uri, OpenMode mode);

}  // namespace tarsier::db
