#include "analyzer/db/backend.h"

#include "analyzer/db/pg_backend.h"
#include "analyzer/db/sqlite_backend.h"

namespace tarsier::db {

bool is_postgres_target(std::string_view target) {
  return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

std::string display_target(const std::string& target) {
  if (!is_postgres_target(target)) {
    return target;
  }
  // scheme://user:password@host...: drop ":password".
  size_t authority = target.find("://") + 3;
  size_t at = target.find('@', authority);
  size_t slash = target.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) {
    return target;
  }
  size_t colon = target.find(':', authority);
  if (colon == std::string::npos || colon > at) {
    return target;
  }
  return target.substr(0, colon) + ":***" + target.substr(at);
}

Result<std::unique_ptr<Backend>> open_backend(const std::string& target, OpenMode mode) {
  if (is_postgres_target(target)) {
    return open_postgres(target, mode);
  }
  return open_sqlite(target, mode);
}

}  // namespace tarsier::db
