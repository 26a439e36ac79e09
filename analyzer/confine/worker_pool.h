// Confined analysis workers: child processes that unpack and analyse one package at a time
// under a seccomp filter, Landlock and resource limits (sandbox.h), fed over a socket
// (frame_io.h, wire.h). They are forked by a zygote (zygote.h) that the pool starts when it is
// made, so a pool made before credentials are read and the database is opened gives workers
// that hold neither.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/confine/analysis_job.h"
#include "analyzer/confine/frame_io.h"
#include "analyzer/confine/sandbox.h"
#include "analyzer/confine/zygote.h"

namespace tarsier {

struct ConfineOptions {
  bool enabled = true;  // --no-confine turns it off
  SandboxLimits sandbox;
  int job_timeout_seconds = 900;  // wall clock per package, then the worker is killed
  int jobs_per_worker = 200;      // then the worker is replaced (bounds its CPU time and heap)
  // Runs inside the worker, confined, before each job. Empty in the tool; the tests use it to
  // make a worker misbehave.
  std::function<void(const AnalysisJob&)> before_job;
};

class WorkerPool {
 public:
  // Starts the zygote at once (a fork of this process as it is now); the rules are compiled in
  // it, before its first worker, and every worker inherits them. `secrets` (the credentials of
  // URLs on the command line) are erased from the zygote's memory as it starts.
  WorkerPool(const Analyzer& analyzer, const ArchiveLimits& limits, ConfineOptions options,
             const std::vector<std::string>& secrets = {});
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs the job in an idle worker, starting one when none is idle; safe from many threads.
  // A worker that crashes, is killed by its filter, runs over a limit or answers nonsense fails
  // only this job (AnalysisReply::error says how) and is not reused. When no worker can be
  // confined (no seccomp), the job runs in this process and unconfined_reason() says why.
  // With `file_cache`, file outcomes are looked up there and stored there, by the job in this
  // process or, for a worker, on its behalf (file_cache_link.h).
  AnalysisReply run(const AnalysisJob& job, FileCache* file_cache = nullptr);

  // Why jobs ran unconfined ("" while every job ran in a confined worker).
  std::string unconfined_reason() const;
  // Why a worker confined itself without Landlock, as the worker said when it started ("" while
  // every worker applied its Landlock ruleset, or none started).
  std::string without_landlock_reason() const;

  // The zygote's pid and the idle workers' pids (-1 and none when jobs run in this process).
  pid_t zygote_pid() const;
  std::vector<pid_t> idle_worker_pids() const;

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    int jobs = 0;
  };

  bool take_worker(Worker* worker, std::string* error);
  bool spawn(Worker* worker, std::string* error);
  FrameStatus converse(Worker& worker, const AnalysisJob& job, FileCache* file_cache,
                       std::optional<AnalysisReply>* reply);
  AnalysisReply exchange(Worker& worker, const AnalysisJob& job, FileCache* file_cache);
  void give_back(Worker worker);

  const Analyzer& m_analyzer;
  ArchiveLimits m_limits;
  ConfineOptions m_options;
  mutable std::mutex m_mutex;
  std::vector<Worker> m_idle;
  std::string m_unconfined;
  std::string m_without_landlock;
  std::unique_ptr<Zygote> m_zygote;
};

}  // namespace tarsier
