// Crash safety of a real scan: SIGKILL at several points, then the database is consistent, the
// next scan completes with nothing duplicated, and the killed scans are marked interrupted.
// Four scans writing one database at once all finish.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

extern char** environ;

using namespace tarsier::test;
using nlohmann::json;

namespace {

constexpr int k_packages = 8;

// Publishes k_packages small packages (some slow to download) and writes their lockfile.
std::string prepare(RegistryServer& server, TempDir& dir) {
  json packages = {{"", {{"name", "demo"}}}};
  for (int i = 0; i < k_packages; ++i) {
    std::string name = "pkg-" + std::to_string(i);
    const char* fixture = i % 2 == 0 ? "tiny-pad" : "fetchy";
    std::string integrity =
        server.publish_dir(name, "1.0.0", source_path(std::string("fixtures/packages/") + fixture));
    packages["node_modules/" + name] = {{"version", "1.0.0"}, {"integrity", integrity}};
    server.inject(tarball_path(name, "1.0.0"), {Fault::slow, -1, 1, 40 * i});
  }
  return dir.write("project/package-lock.json",
                   json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump());
}

// Starts `argv` with `overrides` on top of this environment, kills it with SIGKILL after
// `after_ms`, and reaps it.
void run_and_kill(const std::vector<std::string>& argv,
                  const std::map<std::string, std::optional<std::string>>& overrides,
                  int after_ms) {
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string item = *e;
    if (overrides.count(item.substr(0, item.find('='))) == 0) {
      env_text.push_back(item);
    }
  }
  for (const auto& [name, value] : overrides) {
    if (value) {
      env_text.push_back(name + "=" + *value);
    }
  }
  std::vector<char*> args, envp;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  for (const auto& e : env_text) {
    envp.push_back(const_cast<char*>(e.c_str()));
  }
  envp.push_back(nullptr);
  pid_t child = fork();
  if (child == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
}

}  // namespace

TEST_CASE("SIGKILL during a scan leaves a consistent database", "[hardening][db][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = prepare(server, dir);
  std::string db = dir.path() + "/risk.db";
  auto env = isolated_env(dir.path());
  std::vector<std::string> argv = {
      tarsier_binary(),  "scan",     "-q",   "--db", db, "-j", "1", "--registry",
      server.base_url(), "--format", "json", lock};
  for (int after_ms : {30, 150, 300, 450, 600}) {
    run_and_kill(argv, env, after_ms);
    if (std::filesystem::exists(db)) {
      CHECK(query_db(db, "PRAGMA integrity_check") == "ok\n");
    }
  }
  auto final_run = run_process(argv, env);
  INFO(final_run.err);
  REQUIRE(final_run.exit_code == 0);
  CHECK(json::parse(final_run.out)["summary"]["analyzed"] == k_packages);
  CHECK(query_db(db, "PRAGMA integrity_check") == "ok\n");
  CHECK(query_db(db,
                 "SELECT count(*) FROM scan_packages WHERE scan_id = (SELECT max(id) FROM "
                 "scans)") == std::to_string(k_packages) + "\n");
  CHECK(query_db(db, "SELECT count(*) FROM packages") == std::to_string(k_packages) + "\n");
  CHECK(query_db(db,
                 "SELECT count(*) FROM (SELECT scan_id, package_id FROM scan_packages GROUP "
                 "BY 1, 2 HAVING count(*) > 1)") == "0\n");
  CHECK(query_db(db,
                 "SELECT count(*) FROM (SELECT package_id, analyzer_version FROM analyses "
                 "GROUP BY 1, 2 HAVING count(*) > 1)") == "0\n");
  // Every killed scan that got as far as its row is marked; none looks unfinished.
  CHECK(query_db(db,
                 "SELECT count(*) FROM scans WHERE finished_at IS NULL AND interrupted_at "
                 "IS NULL") == "0\n");
}

TEST_CASE("four scans writing one database at once all finish", "[hardening][db][e2e]") {
  RegistryServer server;
  TempDir dir;
  std::string lock = prepare(server, dir);
  std::string db = dir.path() + "/risk.db";
  auto env = isolated_env(dir.path());
  std::vector<ProcessResult> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      results[i] = run_process({tarsier_binary(), "scan", "-q", "--db", db, "--registry",
                                server.base_url(), "--format", "json", lock},
                               env);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& r : results) {
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("locked") == std::string::npos);
    CHECK(r.out.find("database-write-failed") == std::string::npos);
  }
  CHECK(query_db(db, "SELECT count(*) FROM scans WHERE finished_at IS NOT NULL") == "4\n");
  CHECK(query_db(db, "SELECT count(*) FROM packages") == std::to_string(k_packages) + "\n");
}
