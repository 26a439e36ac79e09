// The body of an analysis worker, run in the child after fork.
#pragma once

#include <optional>
#include <string>

#include "analyzer/confine/worker_pool.h"

namespace tarsier {

// Closes every descriptor but `fd` and stderr, enters the sandbox, says so on `fd` (a
// WorkerHello), then answers jobs until the socket closes. Never returns.
[[noreturn]] void run_worker(int fd, const Analyzer& analyzer, const ArchiveLimits& limits,
                             const ConfineOptions& options);

// Keeps only `fd` (moved to descriptor 3, which it returns) and stderr, closing everything else
// the process inherited: the database, the cache and the registry connections of the scanning
// process stay out of reach. Exits the process (status 120) when the descriptor cannot be moved.
int keep_only_socket(int fd);

// What a worker says once it has tried to enter its sandbox.
struct WorkerHello {
  bool confined = false;
  std::string without_landlock;  // confined, by seccomp alone: why ("" with Landlock)
  std::string error;             // not confined: why
};
std::string write_hello(const WorkerHello& hello);
std::optional<WorkerHello> read_hello(const std::string& bytes);

// How a worker ended, for the package it had: "killed by signal 31 (SIGSYS, ...)".
std::string describe_worker_end(int wait_status);

}  // namespace tarsier
