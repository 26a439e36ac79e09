// The process that forks the analysis workers. It is forked from the scanning process before
// that process reads any registry credential or opens its database (analyzer/cli/scan_setup.cpp),
// wipes its inherited arguments and environment and closes every descriptor but its socket and
// stderr; the workers it forks therefore inherit none of those. The scanning process is their
// subreaper: they are its children (waitpid, kill) as if it had forked them.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tarsier {

class Zygote {
 public:
  // Forks the zygote. In it, `prepare` runs once before the first worker (compiling the rules
  // there, once, for every worker), and `worker` is each worker's body, given its socket; it
  // never returns. Null with `error` when the process cannot be forked.
  // `secrets` are erased from the zygote's memory as it starts (forget.h).
  static std::unique_ptr<Zygote> start(std::function<void()> prepare,
                                       std::function<void(int fd)> worker,
                                       const std::vector<std::string>& secrets, std::string* error);
  ~Zygote();  // closes the zygote's socket (it then exits) and reaps it
  Zygote(const Zygote&) = delete;
  Zygote& operator=(const Zygote&) = delete;

  // A new worker, a child of this process, and this process's end of its socket; false with
  // `error`. Safe from many threads.
  bool spawn(pid_t* pid, int* fd, std::string* error);

  pid_t pid() const { return m_pid; }

 private:
  Zygote(pid_t pid, int fd) : m_pid(pid), m_fd(fd) {}

  pid_t m_pid;
  int m_fd;
  std::mutex m_mutex;
};

}  // namespace tarsier
