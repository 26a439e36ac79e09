// Confining the calling process for good: resource limits, no new privileges and a seccomp-bpf
// allow-list. Called by an analysis worker (worker_pool.h) once the rules are compiled.
#pragma once

#include <cstdint>
#include <string>

namespace tarsier {

struct SandboxLimits {
  uint64_t memory_bytes = 2ULL << 30;  // address space on top of what the process maps already
  uint64_t cpu_seconds = 1800;         // CPU time over the worker's whole life
};

// True when this build and kernel can confine a process with a seccomp filter.
bool sandbox_supported(std::string* reason);

// False in sanitizer builds, where the address-space limit is not set (the sanitizers reserve
// terabytes of shadow memory).
bool sandbox_limits_memory();

// Applies the limits (address space, CPU time, no core files, no file growth), sets
// PR_SET_NO_NEW_PRIVS and installs the filter. Afterwards the process may read and write the
// descriptors it holds, manage memory, use futexes and clocks, and exit; opening a file fails
// with EACCES; anything else (execve, socket, connect, ptrace, fork, kill of another process,
// ...) kills it with SIGSYS. Under AddressSanitizer the address-space limit is not set and
// system calls outside the list are allowed, except the denied ones (see sandbox.cpp).
bool enter_sandbox(const SandboxLimits& limits, std::string* error);

}  // namespace tarsier
