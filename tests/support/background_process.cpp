#include "tests/support/background_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <thread>

namespace tarsier::test {

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::optional<std::string>>& env) {
  m_pid = spawn_process(argv, env, "", m_dir.path() + "/out", m_dir.path() + "/err");
}

BackgroundProcess::~BackgroundProcess() {
  if (m_pid > 0 && !m_reaped) {
    kill(m_pid, SIGKILL);
    wait_exit_code(m_pid);
  }
}

std::string BackgroundProcess::out() const {
  return read_text_file(m_dir.path() + "/out");
}

std::string BackgroundProcess::err() const {
  return read_text_file(m_dir.path() + "/err");
}

void BackgroundProcess::signal(int signal_number) const {
  if (m_pid > 0 && !m_reaped) {
    kill(m_pid, signal_number);
  }
}

int BackgroundProcess::wait(int timeout_ms) {
  if (m_pid <= 0 || m_reaped) {
    return -1;
  }
  for (int waited = 0; waited <= timeout_ms; waited += 20) {
    int status = 0;
    pid_t done = waitpid(m_pid, &status, WNOHANG);
    if (done == m_pid) {
      m_reaped = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -2;
}

bool wait_until(const std::function<bool()>& condition, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 50) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

}  // namespace tarsier::test
