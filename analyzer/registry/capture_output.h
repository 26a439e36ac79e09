// Runs a helper program (such as `npm config get registry`) without a shell and captures its
// standard output, killing it when it takes too long. Never used on package code.
#pragma once

#include <string>
#include <vector>

namespace tarsier {

struct ProcessOutput {
  int exit_code = -1;  // -1 when it did not exit normally (not found, killed, timed out)
  bool timed_out = false;
  std::string out;  // standard output, capped at `max_output` bytes
};

// Looks `argv[0]` up in PATH and runs it with stdin and stderr redirected to /dev/null.
ProcessOutput capture_output(const std::vector<std::string>& argv, long timeout_ms,
                             size_t max_output = 64 * 1024);

}  // namespace tarsier
