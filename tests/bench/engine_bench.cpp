// Benchmark of the behaviour engine (not a test): unpacks every .tgz in a directory (a warm
// tarball cache) and analyses the packages in parallel, in three modes, each in its own process
// so peak RSS is per mode:
//   normal      lexical pre-filter, parse only the files it selects, all rules in one pass
//   full-parse  parse every source file (AnalyzerOptions::full_parse)
//   parse-only  baseline: parse every JS/TS/Python/shell file with tree-sitter, no rules at all
// Prints wall time, MB/s (of unpacked source), packages/s and peak RSS per mode.
//
//   engine_bench DIR [--jobs N] [--mode normal|full-parse|parse-only] [--list-high]
// --list-high prints every package at risk >= high with its threats and evidence.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/language.h"
#include "analyzer/engine/parse_session.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

struct Stats {
  uint64_t packages = 0, files = 0, bytes = 0, parsed = 0, findings = 0, high = 0;
};

bool g_list_high = false;
std::vector<std::string> g_names;

std::vector<std::string> read_tarballs(const std::string& dir) {
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".tgz")
      paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (const auto& p : paths) {
    g_names.push_back(p.filename().string());
    std::ifstream in(p, std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    out.push_back(body.str());
  }
  return out;
}

Stats run_mode(const std::string& mode, const std::vector<std::string>& tarballs, int jobs) {
  AnalyzerOptions options;
  options.full_parse = mode == "full-parse";
  std::string error;
  auto analyzer = Analyzer::create(options, &error);
  if (!analyzer) {
    std::cerr << "engine_bench: " << error << "\n";
    std::exit(2);
  }
  std::atomic<size_t> next{0};
  std::vector<Stats> per_thread(static_cast<size_t>(jobs));
  auto worker = [&](Stats* s) {
    for (size_t i = next++; i < tarballs.size(); i = next++) {
      auto package_start = std::chrono::steady_clock::now();
      ArchiveContents contents =
          read_archive(tarballs[i], ArchiveKind::npm_tarball, ArchiveLimits{});
      ++s->packages;
      for (const auto& f : contents.files) {
        ++s->files;
        s->bytes += f.data.size();
      }
      if (mode == "parse-only") {
        for (const auto& f : contents.files) {
          auto lang = lang_from_name(f.path);
          if (!lang || f.data.size() > options.max_file_bytes)
            continue;
          std::string perr;
          TreePtr tree = parse_source(*lang, f.data, options.parse_timeout_us, &perr);
          s->parsed += tree != nullptr;
        }
        continue;
      }
      PackageRef ref;
      ref.name = "pkg" + std::to_string(i);
      ref.version = "0.0.0";
      PackageAnalysis a = analyzer->analyze(ref, contents.files, contents.findings);
      s->parsed += a.parsed_files;
      s->findings += a.findings.size();
      s->high += a.risk >= Risk::high;
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - package_start).count();
      if (std::getenv("ENGINE_BENCH_SLOW") != nullptr && secs > 0.5) {
        std::printf("  slow: %s %.2f s\n", g_names[i].c_str(), secs);
      }
      if (g_list_high && a.risk >= Risk::high) {
        std::ostringstream line;
        line << "  " << g_names[i] << ": " << to_string(a.risk);
        for (const auto& f : a.findings) {
          if (f.rule.rfind("threat-", 0) == 0 && f.severity >= Risk::high) {
            line << "\n    " << f.rule << " " << f.file << ":" << f.line << " " << f.message;
          }
        }
        std::printf("%s\n", line.str().c_str());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t)
    threads.emplace_back(worker, &per_thread[static_cast<size_t>(t)]);
  for (auto& t : threads)
    t.join();
  Stats total;
  for (const auto& s : per_thread) {
    total.packages += s.packages;
    total.files += s.files;
    total.bytes += s.bytes;
    total.parsed += s.parsed;
    total.findings += s.findings;
    total.high += s.high;
  }
  return total;
}

// Runs one mode in a child process and prints its line.
void measure(const std::string& mode, const std::vector<std::string>& tarballs, int jobs) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    auto start = std::chrono::steady_clock::now();
    Stats s = run_mode(mode, tarballs, jobs);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "%-11s wall %7.2f s  %7.1f MB/s  %7.1f packages/s  peak RSS %6.0f MB  "
        "files %llu  parsed %llu  findings %llu  risk>=high %llu\n",
        mode.c_str(), wall, static_cast<double>(s.bytes) / 1e6 / wall,
        static_cast<double>(s.packages) / wall, static_cast<double>(usage.ru_maxrss) / 1024.0,
        static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.parsed),
        static_cast<unsigned long long>(s.findings), static_cast<unsigned long long>(s.high));
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: engine_bench DIR [--jobs N] [--mode normal|full-parse|parse-only]\n";
    return 2;
  }
  std::string dir = argv[1];
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> modes = {"normal", "full-parse", "parse-only"};
  for (int i = 2; i < argc; ++i) {
    std::string opt = argv[i];
    if (opt == "--list-high") {
      g_list_high = true;
    } else if (opt == "--jobs" && i + 1 < argc) {
      jobs = std::max(1, std::atoi(argv[++i]));
    } else if (opt == "--mode" && i + 1 < argc) {
      modes = {argv[++i]};
    }
  }
  auto tarballs = read_tarballs(dir);
  uint64_t archive_bytes = 0;
  for (const auto& t : tarballs)
    archive_bytes += t.size();
  std::printf("%zu tarballs, %.1f MB compressed, %d jobs (tarballs read into memory first)\n",
              tarballs.size(), static_cast<double>(archive_bytes) / 1e6, jobs);
  for (const auto& mode : modes)
    measure(mode, tarballs, jobs);
  return 0;
}
