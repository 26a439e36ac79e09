// The embedded backend: one SQLite file, WAL journal, busy timeout, foreign keys on.
#pragma once

#include <memory>
#include <string>

#include "analyzer/db/backend.h"

namespace tarsier::db {

Result<std::unique_ptr<Backend>> open_sqlite(const std::string& path, OpenMode mode);

}  // namespace tarsier::db
