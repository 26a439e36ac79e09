// End-to-end: `scan --shard I/N` and `fetch --shard I/N` split the packages stably, and N sharded
// scans write one PostgreSQL risk database that holds the whole scan afterwards.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

struct ShardBox {
  RegistryServer server;
  TempDir dir;
  std::vector<std::string> specs;

  ShardBox() {
    for (const char* version : {"1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5"}) {
      server.publish_dir("tiny-pad", version, source_path("fixtures/packages/tiny-pad"));
      specs.push_back(std::string("npm:tiny-pad@") + version);
    }
  }

  ProcessResult run(const std::string& command, std::vector<std::string> extra) const {
    std::vector<std::string> argv = {tarsier_binary(), command, "--quiet", "--registry",
                                     server.base_url()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), specs.begin(), specs.end());
    auto env = isolated_env(dir.path());
    env["TARSIER_DB"] = std::nullopt;
    return run_process(argv, env);
  }
};

std::set<std::string> versions_of(const json& report) {
  std::set<std::string> out;
  for (const auto& p : report["packages"]) {
    out.insert(p["version"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("sharded scans split the packages and fill one PostgreSQL database", "[e2e][postgres]") {
  ShardBox box;
  std::string db = PostgresServer::shared().fresh_database();
  std::set<std::string> seen;
  size_t total = 0;
  for (int i = 0; i < 3; ++i) {
    std::string shard = std::to_string(i) + "/3";
    auto result = box.run("scan", {"--shard", shard, "--format", "json", "--db", db});
    INFO(shard << ": " << result.err);
    REQUIRE(result.exit_code == 0);
    auto versions = versions_of(json::parse(result.out));
    // The same shard of the same inputs is the same share every time.
    auto again = box.run("scan", {"--shard", shard, "--format", "json", "--no-db"});
    CHECK(versions_of(json::parse(again.out)) == versions);
    total += versions.size();
    seen.insert(versions.begin(), versions.end());
  }
  CHECK(total == 6);        // no package in two shares
  CHECK(seen.size() == 6);  // and none left out
  CHECK(query_rows(db, "SELECT count(*) FROM scans WHERE finished_at IS NOT NULL") == "3\n");
  CHECK(query_rows(db, "SELECT count(DISTINCT package_id) FROM scan_packages") == "6\n");
  CHECK(query_rows(db, "SELECT count(*) FROM analyses") == "6\n");
}

TEST_CASE("fetch --shard downloads only its share, and a bad shard is a usage error", "[e2e]") {
  ShardBox box;
  auto first = box.run("fetch", {"--shard", "0/2"});
  auto second = box.run("fetch", {"--shard", "1/2"});
  INFO(first.err << second.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(second.exit_code == 0);
  // Each run prints "N packages: ..." for its own share; together they cover all six.
  auto count = [](const std::string& out) { return std::stoi(out.substr(0, out.find(' '))); };
  CHECK(count(first.out) + count(second.out) == 6);
  for (const char* bad : {"2/2", "1/0", "x/3", "1"}) {
    auto result = box.run("fetch", {"--shard", bad});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--shard") != std::string::npos);
  }
}
