#include "analyzer/queue/worker.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace tarsier::queue {

namespace {

JobOutcome run_guarded(const JobRunner& runner, const Job& job) {
  try {
    return runner(job);
  } catch (const std::exception& e) {
    return JobOutcome{false, 0, std::string("analysis threw: ") + e.what()};
  }
}

// Renews a job's lease from its own thread until destroyed.
class LeaseKeeper {
 public:
  LeaseKeeper(JobQueue* keeper, const Job& job, int64_t lease_ms) {
    if (keeper != nullptr) {
      m_thread = std::thread([this, keeper, job, lease_ms] { keep(*keeper, job, lease_ms); });
    }
  }
  ~LeaseKeeper() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

 private:
  void keep(JobQueue& keeper, const Job& job, int64_t lease_ms) {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (
        !m_wake.wait_for(lock, std::chrono::milliseconds(lease_ms / 3), [&] { return m_stop; })) {
      if (!keeper.renew(job, lease_ms)) {
        return;  // lost or unreachable: settling the job will say so
      }
    }
  }
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;
};

// Records the outcome; an error only on a database error (a lost lease is counted).
Result<void> settle(JobQueue& queue, const Job& job, const JobOutcome& outcome,
                    WorkerTotals* totals) {
  auto stored = outcome.ok ? queue.complete(job, outcome.scan_id) : queue.fail(job, outcome.error);
  if (stored) {
    (outcome.ok ? totals->done : totals->failed_attempts) += 1;
    return {};
  }
  if (stored.error().message().find("ran out") != std::string::npos) {
    totals->lost += 1;
    return {};
  }
  return stored;
}

// With no job to claim: whether the worker stops now.
Result<bool> stop_when_idle(JobQueue& queue, const WorkerOptions& options) {
  if (options.idle_exit || options.mode == WorkerMode::once) {
    return true;
  }
  if (options.mode == WorkerMode::drain) {
    auto counts = queue.counts();
    if (!counts) {
      return counts.error();
    }
    return counts->queued == 0 && counts->running == 0;
  }
  return false;
}

}  // namespace

Result<WorkerTotals> run_worker(JobQueue& queue, const WorkerOptions& options,
                                const JobRunner& runner, JobQueue* keeper,
                                const std::function<void(const Job&, const JobOutcome&)>& on_job) {
  WorkerTotals totals;
  while (true) {
    auto job = queue.claim(options.claim);
    if (!job) {
      return job.error();
    }
    if (*job) {
      JobOutcome outcome;
      if (options.before_lease) {
        options.before_lease(**job);
      }
      {
        LeaseKeeper lease(keeper, **job, options.claim.lease_ms);
        outcome = run_guarded(runner, **job);
      }
      if (auto settled = settle(queue, **job, outcome, &totals); !settled) {
        return settled.error();
      }
      if (on_job) {
        on_job(**job, outcome);
      }
      if (options.mode == WorkerMode::once) {
        return totals;
      }
      continue;
    }
    auto stop = stop_when_idle(queue, options);
    if (!stop) {
      return stop.error();
    }
    if (*stop) {
      return totals;
    }
    std::this_thread::sleep_for(options.poll);
  }
}

}  // namespace tarsier::queue
