// A program running in the background for end-to-end tests of long-running commands (watch):
// its output goes to files that can be read while it runs; it can be signalled and waited for.
// The destructor kills it (SIGKILL) if it still runs.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace tarsier::test {

class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv,
                    const std::map<std::string, std::optional<std::string>>& env);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool started() const { return m_pid > 0; }
  std::string out() const;
  std::string err() const;
  void signal(int signal_number) const;
  // Waits for the exit; the exit code, -1 after a signal, -2 when it is still running after
  // `timeout_ms` (then it is left running).
  int wait(int timeout_ms);

 private:
  TempDir m_dir;
  int m_pid = -1;
  bool m_reaped = false;
};

// Polls `condition` every 50 ms until it holds or `timeout_ms` have passed; its last answer.
bool wait_until(const std::function<bool()>& condition, int timeout_ms);

}  // namespace tarsier::test
