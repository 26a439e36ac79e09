// The loop of `tarsier worker`: claim a job, run it, mark it done or record why it failed, until
// the mode says stop. What running a job means (fetching and analysing one package spec through
// the scan pipeline) is the caller's JobRunner, so this module needs only the queue.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "analyzer/queue/job_queue.h"

namespace tarsier::queue {

enum class WorkerMode {
  forever,  // wait for new jobs until killed
  once,     // at most one job
  drain,    // until no job is queued or running (waits out other workers' leases)
};

struct WorkerOptions {
  ClaimOptions claim;
  WorkerMode mode = WorkerMode::forever;
  bool idle_exit = false;  // stop as soon as no job can be claimed
  std::chrono::milliseconds poll{500};
  // Runs for each claimed job before its lease keeper starts a thread: what forks a process
  // (the analysis workers' zygote) must run while this process has one thread, since a fork
  // taken while another thread holds a lock (an allocator's, say) leaves the child stuck on it.
  std::function<void(const Job&)> before_lease;
};

struct JobOutcome {
  bool ok = false;
  int64_t scan_id = 0;  // the scan that recorded the job's package
  std::string error;    // why it failed
};

using JobRunner = std::function<JobOutcome(const Job&)>;

struct WorkerTotals {
  int done = 0;
  int failed_attempts = 0;
  int lost = 0;  // finished after the lease ran out and another worker took the job
};

// Runs jobs until the mode or `idle_exit` ends the loop; an error on a database error. While a
// job runs, `keeper` (a second connection to the same queue; null: none) renews its lease every
// third of the lease time, so only a worker that stopped loses its job.
// `on_job` (optional) is told each finished job and its outcome.
Result<WorkerTotals> run_worker(
    JobQueue& queue, const WorkerOptions& options, const JobRunner& runner,
    JobQueue* keeper = nullptr,
    const std::function<void(const Job&, const JobOutcome&)>& on_job = {});

}  // namespace tarsier::queue
