#include "tests/support/postgres_server.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>

#include "analyzer/db/backend.h"
#include "tests/support/process.h"

namespace tarsier::test {

namespace {

std::string script() {
  return std::string(TARSIER_SOURCE_DIR) + "/tests/support/pg_test_server";
}

}  // namespace

PostgresServer& PostgresServer::shared() {
  static std::unique_ptr<PostgresServer> server;
  if (server == nullptr) {
    auto started = std::unique_ptr<PostgresServer>(new PostgresServer());
    if (const char* dir = std::getenv("TARSIER_TEST_PG_DIR"); dir != nullptr && *dir != '\0') {
      started->m_dir = dir;
    } else {
      started->m_dir = "/tmp/tarsier-pg-" + std::to_string(getpid());
      auto result = run_process({script(), "start", started->m_dir});
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      started->m_owned = true;
    }
    server = std::move(started);
  }
  return *server;
}

PostgresServer::~PostgresServer() {
  if (m_owned) {
    run_process({script(), "stop", m_dir});
  }
}

std::string PostgresServer::uri(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + m_dir + "&user=tarsier";
}

std::string PostgresServer::fresh_database() {
  static int counter = 0;
  std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  auto opened = db::open_backend(uri("postgres"), db::OpenMode::read_write);
  INFO("cannot reach the test PostgreSQL server in " + m_dir + ": " +
       (opened ? "" : opened.error().str()));
  REQUIRE(opened);
  std::unique_ptr<db::Backend> admin = std::move(*opened);
  auto created = admin->exec("CREATE DATABASE " + name);
  INFO((created ? "" : created.error().str()));
  REQUIRE(created);
  return uri(name);
}

}  // namespace tarsier::test
