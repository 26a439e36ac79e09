#include "analyzer/queue/job_queue.h"

#include "analyzer/db/risk_db.h"
#include "analyzer/db/statement.h"

namespace tarsier::queue {

using db::Statement;

namespace {

constexpr std::string_view k_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
// Milliseconds since the epoch by the database's clock (dialect.h spells it for PostgreSQL), so
// workers on machines whose clocks differ agree on when a lease runs out.
constexpr std::string_view k_now_ms = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

constexpr std::string_view k_job_columns =
    "id, job_key, spec, ecosystem, state, attempts, max_attempts, coalesce(lease_owner, ''), "
    "coalesce(last_error, '')";

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto part : parts) {
    out += part;
  }
  return out;
}

Job read_job(const Statement& s) {
  Job job;
  job.id = s.integer(0);
  job.key = s.text(1);
  job.spec = s.text(2);
  job.ecosystem = s.text(3);
  job.state = s.text(4);
  job.attempts = static_cast<int>(s.integer(5));
  job.max_attempts = static_cast<int>(s.integer(6));
  job.lease_owner = s.text(7);
  job.last_error = s.text(8);
  return job;
}

// Runs an UPDATE of one claimed job, guarded by its lease; an error when no row matched (the
// lease was lost).
Result<void> update_leased(db::Backend* handle, const std::string& text, const std::string& first,
                           const Job& job) {
  auto s = Statement::prepare(handle, text);
  if (!s) {
    return s.error();
  }
  if (auto ran = s->bind(1, first).bind(2, job.id).bind(3, job.lease_owner).run(); !ran) {
    return ran;
  }
  if (s->changes() == 0) {
    return make_error(ErrorKind::invalid, "job " + job.spec + ": the lease of " + job.lease_owner +
                                              " ran out and another worker took the job");
  }
  return {};
}

}  // namespace

JobQueue::JobQueue(std::unique_ptr<db::Connection> connection) : m_db(std::move(connection)) {}

Result<std::unique_ptr<JobQueue>> JobQueue::open(const std::string& target) {
  if (auto created = RiskDb::open(target); !created) {  // creates and migrates it
    return created.error();
  }
  auto connection = db::Connection::open(target);
  if (!connection) {
    return connection.error();
  }
  return std::unique_ptr<JobQueue>(new JobQueue(std::move(*connection)));
}

Result<bool> JobQueue::enqueue(const std::string& key, const std::string& spec,
                               const std::string& ecosystem) {
  auto s = Statement::prepare(
      m_db->handle(), sql({"INSERT INTO jobs (job_key, spec, ecosystem, enqueued_at) VALUES (?, "
                           "?, ?, ",
                           k_now, ") ON CONFLICT (job_key) DO NOTHING"}));
  if (!s) {
    return s.error();
  }
  if (auto ran = s->bind(1, key).bind(2, spec).bind(3, ecosystem).run(); !ran) {
    return ran.error();
  }
  return s->changes() == 1;
}

Result<std::optional<Job>> JobQueue::claim(const ClaimOptions& options) {
  if (auto begun = m_db->begin(); !begun) {
    return begun.error();
  }
  auto job = claim_locked(options);
  if (!job) {
    m_db->rollback();
    return job.error();
  }
  if (auto committed = m_db->commit(); !committed) {
    m_db->rollback();
    return committed.error();
  }
  return job;
}

Result<std::optional<Job>> JobQueue::claim_locked(const ClaimOptions& options) {
  while (true) {
    auto job = next_candidate();
    if (!job || !*job) {
      return job;
    }
    if ((*job)->attempts < options.max_attempts) {
      auto taken = take(&**job, options);
      if (!taken) {
        return taken.error();
      }
      return job;
    }
    if (auto given_up = give_up(**job); !given_up) {
      return given_up.error();
    }
  }
}

// The oldest queued job, or running job whose lease ran out, locked for this transaction.
Result<std::optional<Job>> JobQueue::next_candidate() {
  bool postgres = m_db->handle()->dialect() == db::Dialect::postgres;
  auto s = Statement::prepare(
      m_db->handle(),
      sql({"SELECT ", k_job_columns,
           " FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_expires_ms < ",
           k_now_ms, ") ORDER BY id LIMIT 1", postgres ? " FOR UPDATE SKIP LOCKED" : ""}));
  if (!s) {
    return s.error();
  }
  auto row = s->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<Job>();
  }
  return std::optional<Job>(read_job(*s));
}

Result<void> JobQueue::take(Job* job, const ClaimOptions& options) {
  std::string previous_owner = job->state == "running" ? job->lease_owner : "";
  auto s = Statement::prepare(
      m_db->handle(),
      sql({"UPDATE jobs SET state = 'running', attempts = attempts + 1, max_attempts = ?, "
           "lease_owner = ?, lease_expires_ms = ",
           k_now_ms, " + ?, started_at = ", k_now,
           ", last_error = CASE WHEN ? = '' THEN last_error ELSE ? END WHERE id = ?"}));
  if (!s) {
    return s.error();
  }
  std::string expired = previous_owner.empty() ? "" : "the lease of " + previous_owner + " ran out";
  auto ran = s->bind(1, int64_t{options.max_attempts})
                 .bind(2, options.owner)
                 .bind(3, options.lease_ms)
                 .bind(4, expired)
                 .bind(5, expired)
                 .bind(6, job->id)
                 .run();
  if (!ran) {
    return ran;
  }
  job->state = "running";
  job->attempts += 1;
  job->max_attempts = options.max_attempts;
  job->lease_owner = options.owner;
  job->last_error = expired.empty() ? job->last_error : expired;
  return {};
}

// A job met with its attempts used up: failed, with the reason of its last attempt.
Result<void> JobQueue::give_up(const Job& job) {
  std::string reason =
      job.state == "running" ? "the lease of " + job.lease_owner + " ran out" : job.last_error;
  reason += " (after " + std::to_string(job.attempts) + " attempts)";
  auto s = Statement::prepare(m_db->handle(),
                              sql({"UPDATE jobs SET state = 'failed', lease_owner = NULL, "
                                   "lease_expires_ms = NULL, last_error = ?, finished_at = ",
                                   k_now, " WHERE id = ?"}));
  if (!s) {
    return s.error();
  }
  return s->bind(1, reason).bind(2, job.id).run();
}
Result<void> JobQueue::complete(const Job& job, int64_t scan_id) {
  return update_leased(
      m_db->handle(),
      sql({"UPDATE jobs SET state = 'done', lease_owner = NULL, "
           "lease_expires_ms = NULL, scan_id = NULLIF(CAST(? AS INTEGER), 0), finished_at = ",
           k_now, " WHERE id = ? AND state = 'running' AND lease_owner = ?"}),
      std::to_string(scan_id), job);
}

Result<void> JobQueue::renew(const Job& job, int64_t lease_ms) {
  return update_leased(m_db->handle(),
                       sql({"UPDATE jobs SET lease_expires_ms = ", k_now_ms,
                            " + CAST(? AS INTEGER) WHERE id = ? AND state = 'running' AND "
                            "lease_owner = ?"}),
                       std::to_string(lease_ms), job);
}

Result<void> JobQueue::fail(const Job& job, const std::string& reason) {
  return update_leased(
      m_db->handle(),
      sql({"UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE "
           "'queued' END, finished_at = CASE WHEN attempts >= max_attempts THEN ",
           k_now,
           " ELSE NULL END, lease_owner = NULL, lease_expires_ms = NULL, last_error = ? "
           "WHERE id = ? AND state = 'running' AND lease_owner = ?"}),
      reason, job);
}

Result<QueueCounts> JobQueue::counts() {
  auto s = Statement::prepare(
      m_db->handle(),
      sql({"SELECT state, count(*), sum(CASE WHEN state = 'running' AND lease_expires_ms < ",
           k_now_ms, " THEN 1 ELSE 0 END) FROM jobs GROUP BY state"}));
  if (!s) {
    return s.error();
  }
  QueueCounts counts;
  auto read = s->each([&](const Statement& row) {
    std::string state = row.text(0);
    int64_t n = row.integer(1);
    (state == "queued"    ? counts.queued
     : state == "running" ? counts.running
     : state == "done"    ? counts.done
                          : counts.failed) = n;
    counts.expired += row.integer(2);
  });
  if (!read) {
    return read.error();
  }
  return counts;
}

Result<std::vector<Job>> JobQueue::jobs(const std::string& state) {
  auto s = Statement::prepare(
      m_db->handle(), sql({"SELECT ", k_job_columns, " FROM jobs WHERE state = ? ORDER BY id"}));
  if (!s) {
    return s.error();
  }
  std::vector<Job> out;
  auto read = s->bind(1, state).each([&](const Statement& row) { out.push_back(read_job(row)); });
  if (!read) {
    return read.error();
  }
  return out;
}

}  // namespace tarsier::queue
