// The work queue (analyzer/queue) on both backends: one job per spec, leases that run out,
// bounded retries with their reasons, and workers in threads that take every job exactly once.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "analyzer/queue/job_queue.h"
#include "analyzer/queue/worker.h"
#include "tests/support/db_samples.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"

using namespace tarsier;
using namespace tarsier::queue;
using namespace tarsier::test;

namespace {

std::string new_target(const std::string& backend, const TempDir& dir) {
  return backend == "postgresql" ? PostgresServer::shared().fresh_database()
                                 : dir.path() + "/queue.db";
}

std::unique_ptr<JobQueue> open_queue(const std::string& target) {
  auto queue = JobQueue::open(target);
  INFO((queue ? "" : queue.error().str()));
  REQUIRE(queue);
  return std::move(*queue);
}

void add(JobQueue& queue, const std::string& version, bool expect_new = true) {
  auto added = queue.enqueue("npm:tiny-pad@" + version, "npm:tiny-pad@" + version, "npm");
  REQUIRE(added);
  CHECK(*added == expect_new);
}

ClaimOptions owner(const std::string& name, int64_t lease_ms = 60000, int max_attempts = 3) {
  return ClaimOptions{name, lease_ms, max_attempts};
}

std::optional<Job> claim(JobQueue& queue, const ClaimOptions& options) {
  auto job = queue.claim(options);
  INFO((job ? "" : job.error().str()));
  REQUIRE(job);
  return *job;
}

}  // namespace

TEST_CASE("the work queue keeps one job per spec and leases it", "[queue][postgres]") {
  TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  std::string target = new_target(backend, dir);
  auto queue = open_queue(target);
  add(*queue, "1.0.0");
  add(*queue, "1.0.0", false);
  CHECK(queue->counts()->queued == 1);

  auto first = claim(*queue, owner("a", 300));
  REQUIRE(first);
  CHECK(first->attempts == 1);
  CHECK_FALSE(claim(*queue, owner("b")));  // a's lease holds
  CHECK(queue->counts()->running == 1);

  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(queue->counts()->expired == 1);
  auto second = claim(*queue, owner("b"));
  REQUIRE(second);
  CHECK(second->id == first->id);
  CHECK(second->attempts == 2);
  CHECK(second->last_error == "the lease of a ran out");

  // a comes back late: its lease is gone, so its result does not mark the job.
  auto late = queue->complete(*first, 1);
  REQUIRE_FALSE(late);
  CHECK(late.error().message().find("ran out") != std::string::npos);
  REQUIRE(queue->complete(*second, 0));
  auto counts = queue->counts();
  CHECK(counts->done == 1);
  CHECK(counts->running == 0);
  CHECK_FALSE(claim(*queue, owner("c")));
  CHECK(query_rows(target, "SELECT state, attempts, scan_id, lease_owner FROM jobs") ==
        "done|2|NULL|NULL\n");
}

TEST_CASE("a failing job is retried up to its attempts and keeps the reason", "[queue][postgres]") {
  TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  std::string target = new_target(backend, dir);
  auto queue = open_queue(target);
  add(*queue, "1.0.0");

  auto job = claim(*queue, owner("a", 60000, 2));
  REQUIRE(job);
  REQUIRE(queue->fail(*job, "404 for the tarball"));
  CHECK(queue->counts()->queued == 1);  // requeued: one attempt left
  job = claim(*queue, owner("a", 60000, 2));
  REQUIRE(job);
  CHECK(job->attempts == 2);
  CHECK(job->last_error == "404 for the tarball");
  REQUIRE(queue->fail(*job, "still 404"));
  CHECK_FALSE(claim(*queue, owner("a", 60000, 2)));
  auto failed = queue->jobs("failed");
  REQUIRE(failed);
  REQUIRE(failed->size() == 1);
  CHECK((*failed)[0].attempts == 2);
  CHECK((*failed)[0].last_error == "still 404");

  // A job whose last allowed attempt was killed fails with the expired lease as its reason.
  add(*queue, "2.0.0");
  REQUIRE(claim(*queue, owner("killed", 200, 1)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(claim(*queue, owner("b", 60000, 1)));
  failed = queue->jobs("failed");
  REQUIRE(failed->size() == 2);
  CHECK((*failed)[1].last_error == "the lease of killed ran out (after 1 attempts)");
  CHECK(queue->counts()->failed == 2);
}

TEST_CASE("worker loops in threads take every job exactly once", "[queue][postgres]") {
  TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  std::string target = new_target(backend, dir);
  auto setup = open_queue(target);
  for (int i = 0; i < 40; ++i) {
    add(*setup, "1.0." + std::to_string(i));
  }
  std::mutex mutex;
  std::multiset<int64_t> ran;
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      auto queue = JobQueue::open(target);
      WorkerOptions options;
      options.claim = owner("w" + std::to_string(w));
      options.mode = WorkerMode::drain;
      options.poll = std::chrono::milliseconds(20);
      auto runner = [&](const Job& job) {
        std::lock_guard<std::mutex> lock(mutex);
        ran.insert(job.id);
        // Every third job fails its first attempt.
        return JobOutcome{job.id % 3 != 0 || job.attempts > 1, 0, "flaky"};
      };
      auto totals =
          queue ? run_worker(**queue, options, runner) : Result<WorkerTotals>(queue.error());
      errors[w] = totals ? "" : totals.error().str();
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (const auto& e : errors) {
    CHECK(e.empty());
  }
  auto counts = setup->counts();
  CHECK(counts->done == 40);
  CHECK(counts->queued + counts->running + counts->failed == 0);
  std::set<int64_t> distinct(ran.begin(), ran.end());
  CHECK(distinct.size() == 40);
  CHECK(ran.size() == 40 + 13);  // 13 of the ids 1..40 are multiples of 3: run twice
  CHECK(query_rows(target, "SELECT count(*) FROM jobs WHERE attempts = 2") == "13\n");
}

TEST_CASE("a worker renews the lease of the job it runs", "[queue][postgres]") {
  TempDir dir;
  auto backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  INFO(backend);
  std::string target = new_target(backend, dir);
  auto queue = open_queue(target);
  auto keeper = open_queue(target);
  auto other = open_queue(target);
  add(*queue, "1.0.0");
  WorkerOptions options;
  options.claim = owner("slow", 300);
  options.mode = WorkerMode::once;
  bool taken_meanwhile = true;
  auto runner = [&](const Job&) {
    // Three lease times later, the job is still this worker's.
    std::this_thread::sleep_for(std::chrono::milliseconds(900));
    auto taken = other->claim(owner("other"));
    taken_meanwhile = !taken || taken->has_value();
    return JobOutcome{true, 0, ""};
  };
  auto totals = run_worker(*queue, options, runner, keeper.get());
  INFO((totals ? "" : totals.error().str()));
  REQUIRE(totals);
  CHECK_FALSE(taken_meanwhile);
  CHECK(totals->done == 1);
  CHECK(totals->lost == 0);
}

TEST_CASE("a worker prepares each job before its lease keeper starts a thread", "[queue]") {
  TempDir dir;
  std::string target = new_target("sqlite", dir);
  auto queue = open_queue(target);
  auto keeper = open_queue(target);
  add(*queue, "1.0.0");
  // The threads of this process, as /proc says.
  auto threads = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Threads:", 0) == 0) {
        return std::stoi(line.substr(8));
      }
    }
    return 0;
  };
  WorkerOptions options;
  options.claim = owner("one", 3000);
  options.mode = WorkerMode::once;
  int when_prepared = 0;
  int when_run = 0;
  std::string prepared_spec;
  options.before_lease = [&](const Job& job) {
    when_prepared = threads();
    prepared_spec = job.spec;
  };
  auto runner = [&](const Job&) {
    when_run = threads();
    return JobOutcome{true, 0, ""};
  };
  auto totals = run_worker(*queue, options, runner, keeper.get());
  REQUIRE(totals);
  CHECK(totals->done == 1);
  CHECK(prepared_spec == "npm:tiny-pad@1.0.0");
  CHECK(when_prepared >= 1);
  CHECK(when_run == when_prepared + 1);  // the lease keeper's thread came after
}
