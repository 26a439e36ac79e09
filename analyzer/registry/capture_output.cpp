#include "analyzer/registry/capture_output.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

extern char** environ;

namespace tarsier {

namespace {

using Clock = std::chrono::steady_clock;

// Starts argv[0] (searched in PATH) with stdin and stderr on /dev/null and stdout on `out_fd`;
// -1 when it cannot be started.
pid_t spawn_with_stdout(const std::vector<std::string>& argv, int out_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// Reads `fd` until EOF or the deadline, keeping at most `max_output` bytes.
void read_until(int fd, Clock::time_point deadline, size_t max_output, ProcessOutput* result) {
  char buf[4096];
  for (;;) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result->timed_out = true;
      return;
    }
    pollfd p{fd, POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      result->timed_out = n == 0;
      return;
    }
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return;  // EOF: the child closed its output
    }
    size_t room = max_output - std::min(max_output, result->out.size());
    result->out.append(buf, std::min(room, static_cast<size_t>(got)));
  }
}

// Waits for `pid`, killing it at the deadline: a child may close its output and keep running; it
// still gets only the time that is left.
void reap(pid_t pid, Clock::time_point deadline, ProcessOutput* result) {
  if (result->timed_out) {
    kill(pid, SIGKILL);
  }
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      return;
    }
    if (done == 0 && !result->timed_out && Clock::now() >= deadline) {
      result->timed_out = true;
      kill(pid, SIGKILL);
    }
    usleep(2000);
  }
  if (!result->timed_out && WIFEXITED(status)) {
    result->exit_code = WEXITSTATUS(status);
  }
}

}  // namespace

ProcessOutput capture_output(const std::vector<std::string>& argv, long timeout_ms,
                             size_t max_output) {
  ProcessOutput result;
  if (argv.empty()) {
    return result;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return result;
  }
  pid_t pid = spawn_with_stdout(argv, fds[1]);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return result;
  }
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  read_until(fds[0], deadline, max_output, &result);
  close(fds[0]);
  reap(pid, deadline, &result);
  return result;
}

}  // namespace tarsier
