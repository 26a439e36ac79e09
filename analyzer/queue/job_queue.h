// The work queue of registry-wide analysis, stored in the risk database (migration 10, table
// `jobs`) on either backend: `tarsier enqueue` adds package specs, `tarsier worker` processes take
// them one at a time. A job is claimed under a lease (PostgreSQL: SELECT ... FOR UPDATE SKIP
// LOCKED in a transaction; SQLite: the write lock of BEGIN IMMEDIATE), so two workers never hold
// one job; a job whose lease ran out (its worker was killed) is claimed again. A failed attempt
// records why and requeues the job until its attempts are used up, then the job is `failed`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/db/connection.h"

namespace tarsier::queue {

struct Job {
  int64_t id = 0;
  std::string key;  // ecosystem, normalised name and version: one job per key
  std::string spec;
  std::string ecosystem;
  std::string state;  // queued, running, done, failed
  int attempts = 0;   // claims so far, this one included
  int max_attempts = 0;
  std::string lease_owner;
  std::string last_error;
};

struct ClaimOptions {
  std::string owner;          // who holds the lease ("host:pid")
  int64_t lease_ms = 300000;  // how long the lease lasts
  int max_attempts = 3;       // a job claimed this often is failed rather than taken again
};

struct QueueCounts {
  int64_t queued = 0, running = 0, done = 0, failed = 0;
  int64_t expired = 0;  // running, but the lease ran out: claimable again
};

class JobQueue {
 public:
  // Opens (and migrates) the risk database at `target`.
  static Result<std::unique_ptr<JobQueue>> open(const std::string& target);

  // Adds a job unless one with `key` exists; true when it was added.
  Result<bool> enqueue(const std::string& key, const std::string& spec,
                       const std::string& ecosystem);
  // Takes the oldest claimable job under a lease; nullopt when there is none, an error on a
  // database error. Jobs out of attempts met on the way are failed.
  Result<std::optional<Job>> claim(const ClaimOptions& options);
  // Marks a claimed job done with the scan that recorded it. An error when the lease was lost
  // (another worker took the job after it expired) or on a database error.
  Result<void> complete(const Job& job, int64_t scan_id);
  // Extends the lease of a claimed job by `lease_ms` from now, while it is still this owner's;
  // an error when it was lost or on a database error.
  Result<void> renew(const Job& job, int64_t lease_ms);
  // Records why an attempt failed and requeues the job, or fails it when its attempts are used.
  Result<void> fail(const Job& job, const std::string& reason);

  Result<QueueCounts> counts();
  // The jobs in `state`, oldest first.
  Result<std::vector<Job>> jobs(const std::string& state);

 private:
  explicit JobQueue(std::unique_ptr<db::Connection> connection);
  Result<std::optional<Job>> claim_locked(const ClaimOptions& options);
  Result<std::optional<Job>> next_candidate();
  Result<void> take(Job* job, const ClaimOptions& options);
  Result<void> give_up(const Job& job);
  std::unique_ptr<db::Connection> m_db;
};

}  // namespace tarsier::queue
