#include "analyzer/confine/worker_pool.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "analyzer/confine/file_cache_link.h"
#include "analyzer/confine/frame_io.h"
#include "analyzer/confine/wire.h"
#include "analyzer/confine/worker_process.h"

namespace tarsier {

namespace {

constexpr uint64_t k_max_reply_bytes = 1ULL << 30;
constexpr auto k_hello_timeout = std::chrono::seconds(30);

// Reaps a worker, killing it first unless it is expected to end by itself; returns its status.
int end_worker(pid_t pid, int fd, bool kill_first) {
  if (kill_first) {
    kill(pid, SIGKILL);
  }
  close(fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

WorkerPool::WorkerPool(const Analyzer& analyzer, const ArchiveLimits& limits,
                       ConfineOptions options, const std::vector<std::string>& secrets)
    : m_analyzer(analyzer), m_limits(limits), m_options(std::move(options)) {
  std::string reason;
  if (!sandbox_supported(&reason)) {
    m_unconfined = reason;
    return;
  }
  // In the zygote: `this` is its copy of the pool, as it was at the fork.
  m_zygote = Zygote::start([this] { m_analyzer.prepare(); },
                           [this](int fd) { run_worker(fd, m_analyzer, m_limits, m_options); },
                           secrets, &reason);
  if (!m_zygote) {
    m_unconfined = reason;
  }
}

WorkerPool::~WorkerPool() {
  for (const Worker& worker : m_idle) {
    end_worker(worker.pid, worker.fd, false);  // EOF on its socket ends it
  }
}

std::string WorkerPool::unconfined_reason() const {
  std::lock_guard lock(m_mutex);
  return m_unconfined;
}

std::string WorkerPool::without_landlock_reason() const {
  std::lock_guard lock(m_mutex);
  return m_without_landlock;
}

pid_t WorkerPool::zygote_pid() const {
  return m_zygote ? m_zygote->pid() : -1;
}

std::vector<pid_t> WorkerPool::idle_worker_pids() const {
  std::lock_guard lock(m_mutex);
  std::vector<pid_t> pids;
  for (const Worker& worker : m_idle) {
    pids.push_back(worker.pid);
  }
  return pids;
}

AnalysisReply WorkerPool::run(const AnalysisJob& job, FileCache* file_cache) {
  Worker worker;
  std::string error;
  if (!take_worker(&worker, &error)) {
    if (!error.empty()) {
      AnalysisReply failed;
      failed.ref = job.ref;
      failed.error = error;
      return failed;
    }
    return run_analysis_job(job, m_analyzer, m_limits, file_cache);  // unconfined, and said so
  }
  return exchange(worker, job, file_cache);
}

// An idle worker, or a new one. False with an empty error when jobs must run in this process.
bool WorkerPool::take_worker(Worker* worker, std::string* error) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_unconfined.empty()) {
      return false;
    }
    if (!m_idle.empty()) {
      *worker = m_idle.back();
      m_idle.pop_back();
      return true;
    }
  }
  if (spawn(worker, error)) {
    return true;
  }
  std::lock_guard lock(m_mutex);
  m_unconfined = *error;
  error->clear();
  return false;
}

// Has the zygote fork a worker and waits for it to report that its sandbox is in place.
bool WorkerPool::spawn(Worker* worker, std::string* error) {
  pid_t pid = -1;
  int fd = -1;
  if (!m_zygote->spawn(&pid, &fd, error)) {
    return false;
  }
  *worker = Worker{pid, fd, 0};
  std::string hello;
  auto deadline = std::chrono::steady_clock::now() + k_hello_timeout;
  FrameStatus status = read_frame(worker->fd, &hello, 64 * 1024, deadline);
  std::optional<WorkerHello> said =
      status == FrameStatus::ok ? read_hello(hello) : std::optional<WorkerHello>();
  if (said && said->confined) {
    std::lock_guard lock(m_mutex);
    if (m_without_landlock.empty()) {
      m_without_landlock = said->without_landlock;
    }
    return true;
  }
  int end = end_worker(pid, worker->fd, true);
  *error = said                        ? "the sandbox could not be entered: " + said->error
           : status == FrameStatus::ok ? "the analysis worker sent a malformed greeting"
                                       : describe_worker_end(end) + " while entering its sandbox";
  return false;
}

// Sends the job, then answers the worker's file cache lookups and stores until its reply comes.
FrameStatus WorkerPool::converse(Worker& worker, const AnalysisJob& job, FileCache* file_cache,
                                 std::optional<AnalysisReply>* reply) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(m_options.job_timeout_seconds);
  // The archives are sent from where they are, not copied into the message first (two copies
  // of the largest archives, one per analysis thread, were the peak of a warm scan).
  if (!write_frame(worker.fd, encode_job_parts(job, file_cache != nullptr).parts, false)) {
    return FrameStatus::failed;
  }
  FileCacheServer server(file_cache,
                         m_limits.max_entries * std::max<size_t>(1, job.archives.size()));
  std::string bytes;
  for (;;) {
    FrameStatus status = read_frame(worker.fd, &bytes, k_max_reply_bytes, deadline);
    if (status != FrameStatus::ok) {
      return status;
    }
    std::optional<WorkerMessage> message = read_worker_message(&bytes);
    if (message && message->kind == WorkerMessageKind::reply) {
      *reply = decode_reply(bytes);
      return FrameStatus::ok;
    }
    if (!message || !server.serve(std::move(*message), worker.fd)) {
      return FrameStatus::ok;  // a malformed message: no reply
    }
  }
}

AnalysisReply WorkerPool::exchange(Worker& worker, const AnalysisJob& job, FileCache* file_cache) {
  std::optional<AnalysisReply> reply;
  FrameStatus status = converse(worker, job, file_cache, &reply);
  if (!reply) {
    int end = end_worker(worker.pid, worker.fd, true);
    AnalysisReply failed;
    failed.ref = job.ref;
    failed.error = status == FrameStatus::timed_out
                       ? "the analysis worker ran over its time limit (" +
                             std::to_string(m_options.job_timeout_seconds) + " s)"
                   : status == FrameStatus::ok ? "the analysis worker sent a malformed message"
                                               : describe_worker_end(end);
    return failed;
  }
  ++worker.jobs;
  give_back(worker);
  return std::move(*reply);
}

void WorkerPool::give_back(Worker worker) {
  if (worker.jobs >= m_options.jobs_per_worker) {
    end_worker(worker.pid, worker.fd, false);
    return;
  }
  std::lock_guard lock(m_mutex);
  m_idle.push_back(worker);
}

}  // namespace tarsier
