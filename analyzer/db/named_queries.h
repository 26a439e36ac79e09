// Named, read-only queries over the documented views of the risk database (SCHEMA.md), for
// `tarsier query`. Each query is fixed SQL with bound parameters: ?1 is the query's argument
// (a package or project name), ?2 the start of the time window (UTC ISO-8601 text). Queries run
// on a read-only connection, and a statement SQLite does not report as read-only is refused.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier::db {

struct NamedQuery {
  std::string name;
  std::string argument;       // what ?1 is ("PACKAGE", "PROJECT"), "" when none
  std::string default_since;  // the default time window ("7d"), "" when the query has none; it
                              // is the next parameter (?2 after an argument, else ?1)
  std::string summary;
  std::string sql;
};

const std::vector<NamedQuery>& named_queries();
const NamedQuery* find_named_query(std::string_view name);

struct QueryTable {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;  // null, integer, real or string cells
};

// An error when the database cannot be opened or the query fails.
Result<QueryTable> run_named_query(const std::string& db_path, const NamedQuery& query,
                                   const std::string& argument, const std::string& since);

}  // namespace tarsier::db
