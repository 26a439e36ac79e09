#include "analyzer/confine/sandbox.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define TARSIER_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define TARSIER_SANITIZED 1
#endif
#endif

namespace tarsier {

namespace {

#if defined(__x86_64__)
constexpr uint32_t k_arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr uint32_t k_arch = AUDIT_ARCH_AARCH64;
#endif

#if defined(TARSIER_SANITIZED)
constexpr bool k_sanitized = true;
#else
constexpr bool k_sanitized = false;
#endif

// What an analysis needs once its rules are compiled: I/O on descriptors it already holds,
// memory, futexes, clocks, signals to itself (abort), exit.
const std::vector<long>& allowed_calls() {
  static const std::vector<long> calls = {SYS_read,
                                          SYS_write,
                                          SYS_readv,
                                          SYS_writev,
                                          SYS_close,
                                          SYS_lseek,
                                          SYS_fstat,
                                          SYS_ppoll,
#ifdef SYS_poll
                                          SYS_poll,
#endif
#ifdef SYS_newfstatat
                                          SYS_newfstatat,
#endif
                                          SYS_mmap,
                                          SYS_munmap,
                                          SYS_mremap,
                                          SYS_mprotect,
                                          SYS_madvise,
                                          SYS_brk,
                                          SYS_futex,
                                          SYS_clock_gettime,
                                          SYS_clock_getres,
                                          SYS_clock_nanosleep,
                                          SYS_nanosleep,
                                          SYS_gettimeofday,
                                          SYS_getrusage,
                                          SYS_getpid,
                                          SYS_gettid,
                                          SYS_getrandom,
                                          SYS_sched_yield,
                                          SYS_sched_getaffinity,
                                          SYS_rt_sigreturn,
                                          SYS_rt_sigprocmask,
                                          SYS_rt_sigaction,
                                          SYS_sigaltstack,
                                          SYS_restart_syscall,
                                          SYS_exit,
                                          SYS_exit_group};
  return calls;
}

// Killed even where the sanitizer build allows calls outside the list.
const std::vector<long>& denied_calls() {
  static const std::vector<long> calls = {
      SYS_execve,
      SYS_execveat,
      SYS_socket,
      SYS_socketpair,
      SYS_connect,
      SYS_bind,
      SYS_listen,
      SYS_accept,
      SYS_accept4,
      SYS_sendto,
      SYS_sendmsg,
      SYS_ptrace,
      SYS_process_vm_readv,
      SYS_process_vm_writev,
      SYS_clone,
      SYS_clone3,
      SYS_kill,
      SYS_tkill,
      SYS_setrlimit,
      SYS_prlimit64,
      SYS_unlink,
      SYS_unlinkat,
      SYS_rename,
      SYS_renameat,
      SYS_renameat2,
      SYS_truncate,
      SYS_mkdirat,
      SYS_chmod,
      SYS_fchmodat,
      SYS_chown,
      SYS_fchownat,
#ifdef SYS_fork
      SYS_fork,
      SYS_vfork,
      SYS_mkdir,
      SYS_link,
      SYS_symlink,
#endif
  };
  return calls;
}

constexpr uint32_t k_kill = SECCOMP_RET_KILL_PROCESS;
constexpr uint32_t k_allow = SECCOMP_RET_ALLOW;
constexpr uint32_t k_refuse_open = SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA);

sock_filter statement(uint16_t code, uint32_t k) {
  return BPF_STMT(code, k);
}

// "if nr == call return action".
void add_rule(std::vector<sock_filter>& program, long call, uint32_t action) {
  program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(call), 0, 1));
  program.push_back(statement(BPF_RET | BPF_K, action));
}

// tgkill only at this very process (abort() raises SIGABRT with it).
void add_own_tgkill(std::vector<sock_filter>& program) {
  const auto pid = static_cast<uint32_t>(getpid());
  program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_tgkill, 0, 4));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])));
  program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, pid, 0, 1));
  program.push_back(statement(BPF_RET | BPF_K, k_allow));
  program.push_back(statement(BPF_RET | BPF_K, k_kill));
}

std::vector<sock_filter> build_program(bool refuse_open) {
  std::vector<sock_filter> program;
  // Another architecture's numbering (x32, i386 through int 0x80) is killed outright.
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k_arch, 1, 0));
  program.push_back(statement(BPF_RET | BPF_K, k_kill));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  program.push_back(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000U, 0, 1));
  program.push_back(statement(BPF_RET | BPF_K, k_kill));
  const uint32_t open_action = refuse_open ? k_refuse_open : k_allow;
  add_rule(program, SYS_openat, open_action);
  add_rule(program, SYS_openat2, open_action);
#ifdef SYS_open
  add_rule(program, SYS_open, open_action);
  add_rule(program, SYS_creat, open_action);
#endif
  for (long call : denied_calls()) {
    add_rule(program, call, k_kill);
  }
  for (long call : allowed_calls()) {
    add_rule(program, call, k_allow);
  }
  add_own_tgkill(program);
  program.push_back(statement(BPF_RET | BPF_K, k_sanitized ? k_allow : k_kill));
  return program;
}

// The process's current virtual size: the address-space limit is on top of it, because a
// worker forked from the scanner inherits the scanner's mappings.
uint64_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

bool set_limit(int resource, uint64_t value, const char* name, std::string* error) {
  rlimit limit{value, value};
  if (setrlimit(resource, &limit) != 0) {
    *error = std::string("setrlimit ") + name + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool apply_limits(const SandboxLimits& limits, std::string* error) {
  if (!k_sanitized &&
      !set_limit(RLIMIT_AS, mapped_bytes() + limits.memory_bytes, "RLIMIT_AS", error)) {
    return false;
  }
  return set_limit(RLIMIT_CPU, limits.cpu_seconds, "RLIMIT_CPU", error) &&
         set_limit(RLIMIT_CORE, 0, "RLIMIT_CORE", error) &&
         set_limit(RLIMIT_FSIZE, 0, "RLIMIT_FSIZE", error);
}

// Landlock's file-system access rights by the ABI version that introduced them (the headers
// may predate the newer ones).
constexpr uint64_t k_fs_abi1 = (1ULL << 13) - 1;  // EXECUTE .. MAKE_SYM
constexpr uint64_t k_fs_refer = 1ULL << 13;       // ABI 2
constexpr uint64_t k_fs_truncate = 1ULL << 14;    // ABI 3
constexpr uint64_t k_fs_ioctl_dev = 1ULL << 15;   // ABI 5

uint64_t landlock_fs_rights(int abi) {
  uint64_t rights = k_fs_abi1;
  rights |= abi >= 2 ? k_fs_refer : 0;
  rights |= abi >= 3 ? k_fs_truncate : 0;
  rights |= abi >= 5 ? k_fs_ioctl_dev : 0;
  return rights;
}

// A ruleset that handles every file-system right the kernel knows and grants none: from here
// on this process opens, creates, removes, renames, links and executes nothing, whatever the
// seccomp filter lets through. Descriptors it already holds keep working.
bool restrict_file_system(int abi, std::string* error) {
  landlock_ruleset_attr attr{};
  attr.handled_access_fs = landlock_fs_rights(abi);
  long fd = syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (fd < 0) {
    *error = std::string("landlock_create_ruleset: ") + std::strerror(errno);
    return false;
  }
  long done = syscall(SYS_landlock_restrict_self, fd, 0);
  int saved = errno;
  close(static_cast<int>(fd));
  if (done != 0) {
    *error = std::string("landlock_restrict_self: ") + std::strerror(saved);
    return false;
  }
  return true;
}

}  // namespace

int landlock_abi(std::string* reason) {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi > 0) {
    return static_cast<int>(abi);
  }
  const int code = errno;
  *reason = code == EOPNOTSUPP ? "the kernel has Landlock but it is disabled at boot"
            : code == ENOSYS   ? "the kernel offers no Landlock"
                               : std::string("Landlock is unavailable: ") + std::strerror(code);
  return 0;
}

bool sandbox_supported(std::string* reason) {
#if !defined(__x86_64__) && !defined(__aarch64__)
  *reason = "no seccomp filter for this architecture";
  return false;
#else
  if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0) {
    *reason = std::string("the kernel offers no seccomp: ") + std::strerror(errno);
    return false;
  }
  return true;
#endif
}

bool sandbox_limits_memory() {
  return !k_sanitized;
}

bool enter_sandbox(const SandboxLimits& limits, std::string* error, std::string* without_landlock) {
#if !defined(__x86_64__) && !defined(__aarch64__)
  *error = "no seccomp filter for this architecture";
  return false;
#else
  if (!apply_limits(limits, error)) {
    return false;
  }
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *error = std::string("prctl: ") + std::strerror(errno);
    return false;
  }
  std::string no_landlock = "Landlock is switched off";
  const int abi = limits.landlock ? landlock_abi(&no_landlock) : 0;
  if (abi > 0 && !restrict_file_system(abi, error)) {
    return false;
  }
  if (without_landlock != nullptr) {
    *without_landlock = abi > 0 ? std::string() : no_landlock;
  }
  std::vector<sock_filter> program = build_program(limits.filter_refuses_open);
  sock_fprog fprog{static_cast<unsigned short>(program.size()), program.data()};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
    *error = std::string("seccomp: ") + std::strerror(errno);
    return false;
  }
  return true;
#endif
}

}  // namespace tarsier
