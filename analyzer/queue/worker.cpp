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
    std::string error;
    while (
        !m_wake.wait_for(lock, std::chrono::milliseconds(lease_ms / 3), [&] { return m_stop; })) {
      if (!keeper.renew(job, lease_ms, &error)) {
        return;  // lost or unreachable: settling the job will say so
      }
    }
  }
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;
};

// Records the outcome; false with `error` only on a database error (a lost lease is counted).
bool settle(JobQueue& queue, const Job& job, const JobOutcome& outcome, WorkerTotals* totals,
            std::string* error) {
  bool stored = outcome.ok ? queue.complete(job, outcome.scan_id, error)
                           : queue.fail(job, outcome.error, error);
  if (stored) {
    (outcome.ok ? totals->done : totals->failed_attempts) += 1;
    return true;
  }
  if (error->find("ran out") != std::string::npos) {
    totals->lost += 1;
    error->clear();
    return true;
  }
  return false;
}

// With no job to claim: whether the worker stops now.
bool stop_when_idle(JobQueue& queue, const WorkerOptions& options, std::string* error) {
  if (options.idle_exit || options.mode == WorkerMode::once) {
    return true;
  }
  if (options.mode == WorkerMode::drain) {
    auto counts = queue.counts(error);
    return !counts || (counts->queued == 0 && counts->running == 0);
  }
  return false;
}

}  // namespace

std::optional<WorkerTotals> run_worker(
    JobQueue& queue, const WorkerOptions& options, const JobRunner& runner, std::string* error,
    JobQueue* keeper, const std::function<void(const Job&, const JobOutcome&)>& on_job) {
  WorkerTotals totals;
  while (true) {
    auto job = queue.claim(options.claim, error);
    if (!error->empty()) {
      return std::nullopt;
    }
    if (job) {
      JobOutcome outcome;
      {
        LeaseKeeper lease(keeper, *job, options.claim.lease_ms);
        outcome = run_guarded(runner, *job);
      }
      if (!settle(queue, *job, outcome, &totals, error)) {
        return std::nullopt;
      }
      if (on_job) {
        on_job(*job, outcome);
      }
      if (options.mode == WorkerMode::once) {
        return totals;
      }
      continue;
    }
    if (stop_when_idle(queue, options, error)) {
      return error->empty() ? std::optional<WorkerTotals>(totals) : std::nullopt;
    }
    std::this_thread::sleep_for(options.poll);
  }
}

}  // namespace tarsier::queue
