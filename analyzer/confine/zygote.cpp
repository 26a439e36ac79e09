#include "analyzer/confine/zygote.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "analyzer/confine/forget.h"
#include "analyzer/confine/worker_process.h"

namespace tarsier {

namespace {

constexpr int k_spawn_timeout_ms = 600 * 1000;  // the first spawn compiles the rules

struct Spawned {
  int32_t pid = -1;
  int32_t error = 0;  // errno of the fork that failed
  int fd = -1;        // the scanner's end of the worker's socket
};

// Zeroes the command line and environment the process started with (what /proc/PID/cmdline
// and /proc/PID/environ show, an `${NPM_TOKEN}` among them) and empties the environment.
void wipe_inherited_strings() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  std::vector<unsigned long long> fields;  // from field 3 (state) on
  if (paren != std::string::npos) {
    std::istringstream rest(text.substr(paren + 2));
    std::string field;
    while (rest >> field) {
      fields.push_back(std::strtoull(field.c_str(), nullptr, 10));
    }
  }
  if (fields.size() > 48) {  // arg_start, arg_end, env_start, env_end are fields 48 to 51
    for (size_t i : {45U, 47U}) {
      if (fields[i + 1] > fields[i]) {
        std::memset(reinterpret_cast<void*>(fields[i]), 0, fields[i + 1] - fields[i]);
      }
    }
  }
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::memset(*entry, 0, std::strlen(*entry));
  }
  clearenv();
}

// Forks a worker through a short-lived middle process, which reports the worker's pid and
// exits: the worker is then reparented to the scanning process, its subreaper.
Spawned fork_worker(const std::function<void(int)>& worker) {
  Spawned out;
  int pair[2];
  int pid_pipe[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    out.error = errno;
    return out;
  }
  if (pipe2(pid_pipe, O_CLOEXEC) != 0) {
    out.error = errno;
    close(pair[0]);
    close(pair[1]);
    return out;
  }
  pid_t middle = fork();
  if (middle == 0) {
    pid_t child = fork();
    if (child == 0) {
      worker(pair[1]);  // closes every other descriptor first
      _exit(123);
    }
    int32_t value = child < 0 ? -errno : child;
    _exit(write(pid_pipe[1], &value, sizeof value) == sizeof value ? 0 : 1);
  }
  int32_t value = middle < 0 ? -errno : -EPIPE;
  close(pair[1]);
  close(pid_pipe[1]);
  if (middle > 0) {
    while (read(pid_pipe[0], &value, sizeof value) < 0 && errno == EINTR) {
    }
    while (waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  close(pid_pipe[0]);
  if (value <= 0) {
    out.error = value < 0 ? -value : EPIPE;
    close(pair[0]);
    return out;
  }
  out.pid = value;
  out.fd = pair[0];
  return out;
}

// Sends the pid (or the error) and, with it, the scanner's end of the worker's socket.
void send_spawned(int fd, const Spawned& spawned) {
  int32_t data[2] = {spawned.pid, spawned.error};
  iovec io{data, sizeof data};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  if (spawned.fd >= 0) {
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(header), &spawned.fd, sizeof(int));
  }
  if (sendmsg(fd, &message, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof data)) {
    _exit(0);  // the scanner is gone
  }
  if (spawned.fd >= 0) {
    close(spawned.fd);
  }
}

[[noreturn]] void serve(int fd, const std::function<void()>& prepare,
                        const std::function<void(int)>& worker) {
  bool prepared = false;
  for (;;) {
    char request = 0;
    ssize_t n = read(fd, &request, 1);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n != 1) {
      _exit(0);  // the scanner closed the socket
    }
    if (!prepared) {
      prepare();
      prepared = true;
    }
    send_spawned(fd, fork_worker(worker));
  }
}

// Receives what send_spawned() sent.
bool receive_spawned(int fd, Spawned* spawned, std::string* error) {
  pollfd ready{fd, POLLIN, 0};
  int polled;
  while ((polled = poll(&ready, 1, k_spawn_timeout_ms)) < 0 && errno == EINTR) {
  }
  if (polled <= 0) {
    *error = "the worker zygote did not answer";
    return false;
  }
  int32_t data[2] = {-1, 0};
  iovec io{data, sizeof data};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = recvmsg(fd, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  cmsghdr* header = n == sizeof data ? CMSG_FIRSTHDR(&message) : nullptr;
  if (header != nullptr && header->cmsg_type == SCM_RIGHTS) {
    std::memcpy(&spawned->fd, CMSG_DATA(header), sizeof(int));
  }
  spawned->pid = data[0];
  spawned->error = data[1];
  if (n != sizeof data) {
    *error = "the worker zygote ended";
  } else if (spawned->fd < 0) {
    *error = std::string("fork: ") + std::strerror(spawned->error != 0 ? spawned->error : EIO);
  }
  return error->empty();
}

}  // namespace

std::unique_ptr<Zygote> Zygote::start(std::function<void()> prepare,
                                      std::function<void(int fd)> worker,
                                      const std::vector<std::string>& secrets, std::string* error) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    *error = std::string("prctl(PR_SET_CHILD_SUBREAPER): ") + std::strerror(errno);
    return nullptr;
  }
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    *error = std::string("socketpair: ") + std::strerror(errno);
    return nullptr;
  }
  pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return nullptr;
  }
  if (pid == 0) {
    int fd = keep_only_socket(fds[1]);
    wipe_inherited_strings();
    erase_from_memory(secrets);
    serve(fd, prepare, worker);
  }
  close(fds[1]);
  return std::unique_ptr<Zygote>(new Zygote(pid, fds[0]));
}

Zygote::~Zygote() {
  close(m_fd);
  while (waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

bool Zygote::spawn(pid_t* pid, int* fd, std::string* error) {
  std::lock_guard lock(m_mutex);
  char request = 'w';
  if (send(m_fd, &request, 1, MSG_NOSIGNAL) != 1) {
    *error = "the worker zygote ended";
    return false;
  }
  Spawned spawned;
  error->clear();
  if (!receive_spawned(m_fd, &spawned, error)) {
    if (spawned.fd >= 0) {
      close(spawned.fd);
    }
    return false;
  }
  *pid = spawned.pid;
  *fd = spawned.fd;
  return true;
}

}  // namespace tarsier
