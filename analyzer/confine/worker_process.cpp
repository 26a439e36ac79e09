#include "analyzer/confine/worker_process.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <new>

#include "analyzer/confine/file_cache_link.h"
#include "analyzer/confine/frame_io.h"
#include "analyzer/confine/wire.h"

namespace tarsier {

namespace {

constexpr uint64_t k_max_job_bytes = 4ULL << 30;

// Decodes the job, frees the message it came in (the job holds its own copy of the archives),
// then analyses it.
AnalysisReply answer(int fd, std::string* request, const Analyzer& analyzer,
                     const ArchiveLimits& limits, const ConfineOptions& options) {
  AnalysisReply reply;
  std::optional<AnalysisJob> job = decode_job(*request);
  std::string().swap(*request);
  if (!job) {
    reply.error = "the analysis worker received a malformed job";
    return reply;
  }
  try {
    if (options.before_job) {
      options.before_job(*job);
    }
    WorkerFileCache file_cache(fd);
    return run_analysis_job(*job, analyzer, limits, job->file_cache ? &file_cache : nullptr);
  } catch (const std::bad_alloc&) {
    reply.error = "the analysis worker ran over its memory budget";
  } catch (const std::exception& e) {
    reply.error = std::string("the analysis worker failed: ") + e.what();
  }
  return reply;
}

}  // namespace

void run_worker(int fd, const Analyzer& analyzer, const ArchiveLimits& limits,
                const ConfineOptions& options) {
  fd = keep_only_socket(fd);
  WorkerHello hello;
  hello.confined = enter_sandbox(options.sandbox, &hello.error, &hello.without_landlock);
  const bool confined = hello.confined;
  if (!write_frame(fd, write_hello(hello), true) || !confined) {
    _exit(confined ? 121 : 122);
  }
  std::string request;
  for (;;) {
    auto forever = std::chrono::steady_clock::time_point::max();
    if (read_frame(fd, &request, k_max_job_bytes, forever) != FrameStatus::ok) {
      _exit(0);
    }
    std::string reply = encode_reply(answer(fd, &request, analyzer, limits, options));
    mark_reply(&reply);
    if (!write_frame(fd, reply, true)) {
      _exit(0);
    }
  }
}

// One byte, 'c' (confined) or 'u' (not), then the reason Landlock is missing or the error.
std::string write_hello(const WorkerHello& hello) {
  return hello.confined ? "c" + hello.without_landlock : "u" + hello.error;
}

std::optional<WorkerHello> read_hello(const std::string& bytes) {
  if (bytes.empty() || (bytes[0] != 'c' && bytes[0] != 'u')) {
    return std::nullopt;
  }
  WorkerHello hello;
  hello.confined = bytes[0] == 'c';
  (hello.confined ? hello.without_landlock : hello.error) = bytes.substr(1);
  return hello;
}

std::string describe_worker_end(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return "the analysis worker exited with status " + std::to_string(WEXITSTATUS(wait_status));
  }
  if (!WIFSIGNALED(wait_status)) {
    return "the analysis worker stopped answering";
  }
  int sig = WTERMSIG(wait_status);
  std::string why;
  switch (sig) {
    case SIGSYS:
      why = " (a system call its sandbox forbids)";
      break;
    case SIGXCPU:
      why = " (over its CPU time limit)";
      break;
    case SIGSEGV:
      why = " (a crash: invalid memory access)";
      break;
    case SIGABRT:
      why = " (aborted)";
      break;
    case SIGKILL:
      why = " (killed: over its time limit or by the system)";
      break;
    default:
      break;
  }
  return "the analysis worker was killed by signal " + std::to_string(sig) + why;
}

int keep_only_socket(int fd) {
  if (fd != 3 && dup2(fd, 3) < 0) {
    _exit(120);
  }
  close(0);
  close(1);
  syscall(SYS_close_range, 4U, ~0U, 0U);
  return 3;
}

}  // namespace tarsier
