// Small builders and a raw SQL reader shared by the risk-database tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/db/risk_db.h"

namespace tarsier::test {

// The value of a database call; fails the test with the error's message otherwise.
template <typename T>
T must(Result<T> result) {
  INFO((result ? "" : result.error().str()));
  REQUIRE(result);
  return std::move(*result);
}

// Fails the test with the error's message when a database call fails.
inline void must(Result<void> result) {
  INFO((result ? "" : result.error().str()));
  REQUIRE(result);
}

// Runs a query straight through SQLite, as a user with the sqlite3 shell would: one line per
// row, columns joined by '|', NULL spelled out. Fails the test on an SQL error.
std::string query_db(const std::string& db_path, const std::string& sql);

// The same for a database that a running process is writing: waits up to 5 s for its lock and
// returns "" (never fails the test) until the file exists and the query succeeds.
std::string try_query_db(const std::string& db_path, const std::string& sql);

// The same through tarsier's backend layer, for a SQLite file or a PostgreSQL URI: one
// statement, no parameters.
std::string query_rows(const std::string& target, const std::string& sql);

// A finding with a recognisable message ("message for RULE").
Finding sample_finding(std::string rule, std::string capability, Risk severity, std::string file);

// A result for npm:fetchy@VERSION with one low finding per capability, in lib/<capability>.js.
PackageResult sample_result(const std::string& version, const std::string& integrity, Risk risk,
                            std::vector<std::string> capabilities,
                            std::vector<std::string> threats = {});

// A `scan` record of package-lock.json by tool 0.1.0 with ruleset "rules-1".
ScanRecord sample_scan_record();

}  // namespace tarsier::test
