// The PostgreSQL server the database tests run against: a real server started by
// tests/support/pg_test_server (Debian's initdb and pg_ctl, a Unix socket in a private
// directory). Under ctest one server serves the whole run (the postgres_start and postgres_stop
// fixture tests; TARSIER_TEST_PG_DIR names its directory); a test binary run by hand starts its
// own and stops it at exit. Without the server binaries the tests that need it fail.
#pragma once

#include <string>

namespace tarsier::test {

class PostgresServer {
 public:
  // The server of this test run, started on first use. Fails the calling test (REQUIRE) with
  // the reason when no server can be started.
  static PostgresServer& shared();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates a new, empty database and returns its connection URI.
  std::string fresh_database();

 private:
  PostgresServer() = default;
  std::string uri(const std::string& database) const;
  std::string m_dir;
  bool m_owned = false;  // started by this process, so stopped by it
};

}  // namespace tarsier::test
