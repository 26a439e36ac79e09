// The body of an analysis worker, run in the child after fork.
#pragma once

#include "analyzer/confine/worker_pool.h"

namespace tarsier {

// Closes every descriptor but `fd` and stderr, enters the sandbox, says so on `fd` (an empty
// message, or the error), then answers jobs until the socket closes. Never returns.
[[noreturn]] void run_worker(int fd, const Analyzer& analyzer, const ArchiveLimits& limits,
                             const ConfineOptions& options);

// How a worker ended, for the package it had: "killed by signal 31 (SIGSYS, ...)".
std::string describe_worker_end(int wait_status);

}  // namespace tarsier
