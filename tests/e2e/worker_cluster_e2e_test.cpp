// End-to-end: the work queue on one PostgreSQL database drained by four `tarsier worker`
// processes fetching from the local test registry, while one of them is killed with SIGKILL in
// the middle of a job. Every job must end done exactly once, the killed worker's job taken again
// after its lease ran out, and every package analysed and recorded once.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "tests/support/background_process.h"
#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;

namespace {

constexpr int k_jobs = 24;

struct Cluster {
  RegistryServer server;
  TempDir dir;
  std::string db;

  explicit Cluster(std::string target) : db(std::move(target)) {
    for (int i = 0; i < k_jobs; ++i) {
      std::string version = "1.0." + std::to_string(i);
      server.publish_dir("tiny-pad", version, source_path("fixtures/packages/tiny-pad"));
      // Each download takes a while, so a worker is killed while it holds a job.
      server.inject(tarball_path("tiny-pad", version), FaultSpec{Fault::slow, -1, 1, 150});
    }
  }

  std::map<std::string, std::optional<std::string>> env(const std::string& name) const {
    auto vars = isolated_env(dir.path() + "/" + name);
    vars["TARSIER_DB"] = std::nullopt;
    return vars;
  }

  ProcessResult enqueue() const {
    std::string list = "# one package spec a line\n";
    for (int i = 0; i < k_jobs; ++i) {
      list += "npm:tiny-pad@1.0." + std::to_string(i) + "\n";
    }
    std::string path = dir.write("specs.txt", list);
    return run_process(
        {tarsier_binary(), "enqueue", "--db", db, "--from", path, "npm:tiny-pad@1.0.0"},
        env("enqueue"));
  }

  std::unique_ptr<BackgroundProcess> worker(int index) const {
    std::string name = "w" + std::to_string(index);
    return std::make_unique<BackgroundProcess>(
        std::vector<std::string>{tarsier_binary(), "worker", "--drain", "--lease", "2",
                                 "--worker-id", name, "--db", db, "--registry", server.base_url(),
                                 "--jobs", "1", "--no-policy"},
        env(name));
  }
};

// Waits (up to 10 s) until worker w0 holds a job's lease.
bool wait_for_lease(const std::string& db) {
  for (int i = 0; i < 400; ++i) {
    if (query_rows(db,
                   "SELECT count(*) FROM jobs WHERE state = 'running' AND lease_owner = "
                   "'w0'") == "1\n") {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

}  // namespace

TEST_CASE("four workers drain one queue while one is killed mid-job", "[e2e][postgres][queue]") {
  Cluster cluster(PostgresServer::shared().fresh_database());
  auto enqueued = cluster.enqueue();
  INFO(enqueued.err);
  REQUIRE(enqueued.exit_code == 0);
  CHECK(enqueued.out == std::to_string(k_jobs) + " enqueued, 1 already in the queue\n");

  std::vector<std::unique_ptr<BackgroundProcess>> workers;
  for (int i = 0; i < 4; ++i) {
    workers.push_back(cluster.worker(i));
    REQUIRE(workers.back()->started());
  }
  REQUIRE(wait_for_lease(cluster.db));
  workers[0]->signal(SIGKILL);
  CHECK(workers[0]->wait(5000) == -1);
  for (int i = 1; i < 4; ++i) {
    INFO("w" << i << ": " << workers[i]->err());
    CHECK(workers[i]->wait(60000) == 0);
  }

  const std::string& db = cluster.db;
  std::string all = std::to_string(k_jobs) + "\n";
  CHECK(query_rows(db, "SELECT state, count(*) FROM jobs GROUP BY state") ==
        "done|" + std::to_string(k_jobs) + "\n");
  // The killed worker's job was taken again once its lease ran out; no other job ran twice.
  CHECK(query_rows(db, "SELECT attempts, last_error FROM jobs WHERE attempts > 1") ==
        "2|the lease of w0 ran out\n");
  // Each job points at its own finished scan, and each package has one analysis.
  CHECK(query_rows(db,
                   "SELECT count(DISTINCT j.scan_id) FROM jobs j JOIN scans s ON s.id = "
                   "j.scan_id WHERE s.finished_at IS NOT NULL AND s.analyzed = 1") == all);
  CHECK(query_rows(db, "SELECT count(*), count(DISTINCT package_id) FROM analyses") ==
        std::to_string(k_jobs) + "|" + std::to_string(k_jobs) + "\n");
  CHECK(query_rows(db,
                   "SELECT count(DISTINCT sp.package_id) FROM scan_packages sp JOIN jobs j "
                   "ON j.scan_id = sp.scan_id WHERE sp.error IS NULL") == all);

  auto status = run_process({tarsier_binary(), "queue", "status", "--format", "json", "--db", db},
                            cluster.env("status"));
  INFO(status.err);
  REQUIRE(status.exit_code == 0);
  CHECK(status.out.find("\"done\": " + std::to_string(k_jobs)) != std::string::npos);
}

TEST_CASE("a worker records why a job failed and gives up after its attempts", "[e2e][queue]") {
  TempDir dir;
  RegistryServer server;
  server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"));
  std::string db = dir.path() + "/risk.db";
  auto env = isolated_env(dir.path());
  env["TARSIER_DB"] = std::nullopt;
  auto run = [&](std::vector<std::string> argv) {
    argv.insert(argv.begin(), tarsier_binary());
    argv.insert(argv.end(), {"--db", db});
    return run_process(argv, env);
  };
  REQUIRE(run({"enqueue", "npm:tiny-pad@1.0.0", "npm:tiny-pad@9.9.9", "npm:"}).exit_code == 3);
  for (int i = 0; i < 2; ++i) {
    auto worker = run({"worker", "--idle-exit", "--max-attempts", "2", "--registry",
                       server.base_url(), "--no-policy"});
    INFO(worker.err);
    CHECK(worker.exit_code == 0);
  }
  auto status = run({"queue", "status"});
  INFO(status.err);
  CHECK(status.out.find("done 1, failed 1") != std::string::npos);
  CHECK(status.out.find("npm:tiny-pad@9.9.9  failed  attempts 2/2") != std::string::npos);
  CHECK(query_db(db, "SELECT count(*) FROM analyses") == "1\n");
  auto listed = run({"queue", "list", "done"});
  CHECK(listed.out.rfind("npm:tiny-pad@1.0.0  done  attempts 1/2", 0) == 0);
}
