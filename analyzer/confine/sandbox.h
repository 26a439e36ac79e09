// Confining the calling process for good: resource limits, no new privileges, a Landlock
// ruleset that denies all file-system access (where the kernel offers Landlock) and a
// seccomp-bpf allow-list. Called by an analysis worker (worker_pool.h) once the rules are compiled.
#pragma once

#include <cstdint>
#include <string>

namespace tarsier {

struct SandboxLimits {
  uint64_t memory_bytes = 2ULL << 30;  // address space on top of what the process maps already
  uint64_t cpu_seconds = 1800;         // CPU time over the worker's whole life
  // Both on in every real use; tests switch one off to show that the other alone holds.
  bool landlock = true;             // deny all file-system access where the kernel can
  bool filter_refuses_open = true;  // the seccomp filter fails open/openat with EACCES
};

// True when this build and kernel can confine a process with a seccomp filter.
bool sandbox_supported(std::string* reason);

// The Landlock ABI version this kernel offers (0 when it offers none, and then *reason says
// why): the worker is then confined by seccomp alone.
int landlock_abi(std::string* reason);

// False in sanitizer builds, where the address-space limit is not set (the sanitizers reserve
// terabytes of shadow memory).
bool sandbox_limits_memory();

// Applies the limits (address space, CPU time, no core files, no file growth), sets
// PR_SET_NO_NEW_PRIVS, restricts itself with a Landlock ruleset that handles every file-system
// access right and grants none (where landlock_abi() > 0) and installs the filter. Afterwards the
// process may read and write the descriptors it holds, manage memory, use futexes and clocks, and
// exit; opening a file fails with EACCES; anything else (execve, socket, connect, ptrace, fork,
// kill of another process,
// ...) kills it with SIGSYS. Under AddressSanitizer the address-space limit is not set and
// system calls outside the list are allowed, except the denied ones (see sandbox.cpp).
// `without_landlock` (optional) receives why no Landlock ruleset was applied ("" when one was).
bool enter_sandbox(const SandboxLimits& limits, std::string* error,
                   std::string* without_landlock = nullptr);

}  // namespace tarsier
