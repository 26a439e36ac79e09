// Benchmark of the behaviour engine (not a test): unpacks every .tgz in a directory (a warm
// tarball cache) and analyses the packages in parallel, in three modes, each in its own process
// so peak RSS is per mode:
//   normal      lexical pre-filter, parse only the files it selects, all rules in one pass
//   confined    normal, but each package unpacked and analysed by a sandboxed worker process
//               (analyzer/confine, what `tarsier scan` does unless --no-confine)
//   full-parse  parse every source file (AnalyzerOptions::full_parse)
//   parse-only  baseline: parse every JS/TS/Python/shell file with tree-sitter, no rules at all
//   unpack-only floor: decompress and read every archive into memory, nothing else
// Prints wall time, MB/s (of unpacked source), packages/s and peak RSS per mode, and how many
// files were answered from the analyzer's memo of identical files ("reused").
//
//   engine_bench DIR [--jobs N] [--mode normal|confined|full-parse|parse-only|unpack-only|
//                unpack-libarchive]
//                [--list-high]
// unpack-only inflates gzip with libdeflate when the archive fits (ArchiveLimits::
// whole_inflate_bytes), unpack-libarchive with libarchive's streaming inflate only.
//   engine_bench DIR --compare-modes [--jobs N]
//   engine_bench --profile FILE...
// --list-high prints every package at risk >= high with its threats and evidence.
// --compare-modes prints every finding present in one mode and not the other (exit 1 if any).
// --profile prints the time of each phase (lexical, pre-filter, parse, query) per file.
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
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/file_scan.h"
#include "analyzer/engine/language.h"
#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/ruleset.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

struct Stats {
  uint64_t packages = 0, files = 0, bytes = 0, parsed = 0, reused = 0, findings = 0, high = 0;
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

// One package through a confined worker (analyzer/confine), as `tarsier scan` does by default.
void run_confined(WorkerPool& pool, const std::string& tarball, size_t i, Stats* s) {
  AnalysisJob job;
  job.ref.name = "pkg" + std::to_string(i);
  job.ref.version = "0.0.0";
  job.archives.push_back({tarball, ArchiveKind::npm_tarball, "package.tgz"});
  AnalysisReply reply = pool.run(job);
  if (!reply.error.empty()) {
    std::fprintf(stderr, "engine_bench: %s: %s\n", g_names[i].c_str(), reply.error.c_str());
  }
  ++s->packages;
  s->files += reply.stats.files;
  s->bytes += reply.stats.unpacked_bytes;
  s->parsed += reply.stats.parsed_files;
  s->findings += reply.findings.size();
  s->high += reply.analysis.risk >= Risk::high;
}

Stats run_mode(const std::string& mode, const std::vector<std::string>& tarballs, int jobs) {
  AnalyzerOptions options;
  options.full_parse = mode == "full-parse";
  auto created = Analyzer::create(options);
  if (!created) {
    std::cerr << "engine_bench: " << created.error().str() << "\n";
    std::exit(2);
  }
  std::unique_ptr<Analyzer> analyzer = std::move(*created);
  // Largest archive first, as the scanner's work queue does.
  std::vector<size_t> order(tarballs.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return tarballs[a].size() > tarballs[b].size(); });
  std::atomic<size_t> next{0};
  std::vector<Stats> per_thread(static_cast<size_t>(jobs));
  std::unique_ptr<WorkerPool> pool;
  if (mode == "confined") {
    pool = std::make_unique<WorkerPool>(*analyzer, ArchiveLimits{}, ConfineOptions{});
  }
  auto worker = [&](Stats* s) {
    for (size_t k = next++; k < tarballs.size(); k = next++) {
      size_t i = order[k];
      auto package_start = std::chrono::steady_clock::now();
      if (pool) {
        run_confined(*pool, tarballs[i], i, s);
        continue;
      }
      ArchiveLimits limits;
      if (mode == "unpack-libarchive") {
        limits.whole_inflate_bytes = 0;  // libarchive's streaming inflate only
      }
      ArchiveContents contents = read_archive(tarballs[i], ArchiveKind::npm_tarball, limits);
      ++s->packages;
      for (const auto& f : contents.files) {
        ++s->files;
        s->bytes += f.data.size();
      }
      if (mode == "unpack-only" || mode == "unpack-libarchive") {
        continue;
      }
      if (mode == "parse-only") {
        for (const auto& f : contents.files) {
          auto lang = lang_from_name(f.path);
          if (!lang || f.data.size() > options.max_file_bytes)
            continue;
          std::string terminated;
          std::string_view text;
          s->parsed +=
              parse_for_queries(*lang, f.data, options.parse_timeout_us, &terminated, &text) ? 1
                                                                                             : 0;
        }
        continue;
      }
      PackageRef ref;
      ref.name = "pkg" + std::to_string(i);
      ref.version = "0.0.0";
      PackageAnalysis a = analyzer->analyze(ref, contents.files, contents.findings);
      s->parsed += a.parsed_files;
      s->reused += a.reused_files;
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
    total.reused += s.reused;
    total.findings += s.findings;
    total.high += s.high;
  }
  return total;
}

// Runs one mode in a child process and prints its line; returns the wall time seen from here.
double measure(const std::string& mode, const std::vector<std::string>& tarballs, int jobs) {
  std::fflush(stdout);
  auto started = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    auto start = std::chrono::steady_clock::now();
    Stats s = run_mode(mode, tarballs, jobs);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "%-11s wall %7.2f s  %7.1f MB/s  %7.1f packages/s  peak RSS %6.0f MB  "
        "files %llu  parsed %llu  reused %llu  findings %llu  risk>=high %llu\n",
        mode.c_str(), wall, static_cast<double>(s.bytes) / 1e6 / wall,
        static_cast<double>(s.packages) / wall, static_cast<double>(usage.ru_maxrss) / 1024.0,
        static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.parsed),
        static_cast<unsigned long long>(s.reused), static_cast<unsigned long long>(s.findings),
        static_cast<unsigned long long>(s.high));
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::string finding_key(const Finding& f) {
  return f.rule + " " + f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
         " " + std::string(to_string(f.severity)) + (f.install_time ? " install" : "");
}

// --compare-modes: analyses every package in both modes (threads share the packages) and prints
// each finding present in one mode and not the other, and packages whose risk differs.
int compare_modes(const std::vector<std::string>& tarballs, int jobs) {
  AnalyzerOptions normal_options, full_options;
  full_options.full_parse = true;
  auto normal = Analyzer::create(normal_options);
  auto full = Analyzer::create(full_options);
  if (!normal || !full) {
    std::cerr << "engine_bench: " << (normal ? full : normal).error().str() << "\n";
    return 2;
  }
  std::atomic<size_t> next{0};
  std::vector<std::vector<std::string>> report(tarballs.size());
  std::atomic<uint64_t> findings{0};
  auto worker = [&] {
    for (size_t i = next++; i < tarballs.size(); i = next++) {
      ArchiveContents contents =
          read_archive(tarballs[i], ArchiveKind::npm_tarball, ArchiveLimits{});
      PackageRef ref;
      ref.name = "pkg" + std::to_string(i);
      ref.version = "0.0.0";
      PackageAnalysis a = (*normal)->analyze(ref, contents.files, contents.findings);
      PackageAnalysis b = (*full)->analyze(ref, contents.files, contents.findings);
      findings += b.findings.size();
      std::vector<std::string> ka, kb, only_a, only_b;
      for (const auto& f : a.findings)
        ka.push_back(finding_key(f));
      for (const auto& f : b.findings)
        kb.push_back(finding_key(f));
      std::sort(ka.begin(), ka.end());
      std::sort(kb.begin(), kb.end());
      std::set_difference(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(only_a));
      std::set_difference(kb.begin(), kb.end(), ka.begin(), ka.end(), std::back_inserter(only_b));
      for (const auto& k : only_a)
        report[i].push_back("  only normal:     " + k);
      for (const auto& k : only_b)
        report[i].push_back("  only full-parse: " + k);
      if (a.risk != b.risk) {
        report[i].push_back("  risk differs: normal " + std::string(to_string(a.risk)) +
                            ", full-parse " + std::string(to_string(b.risk)));
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t)
    threads.emplace_back(worker);
  for (auto& t : threads)
    t.join();
  size_t differing = 0, lines = 0;
  for (size_t i = 0; i < report.size(); ++i) {
    if (report[i].empty())
      continue;
    ++differing;
    std::printf("%s\n", g_names[i].c_str());
    for (const auto& line : report[i]) {
      std::printf("%s\n", line.c_str());
      ++lines;
    }
  }
  std::printf(
      "compare-modes: %zu packages, %llu full-parse findings, %zu packages differ, %zu "
      "differences\n",
      tarballs.size(), static_cast<unsigned long long>(findings.load()), differing, lines);
  return differing == 0 ? 0 : 1;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// --profile FILE... | DIR: time of each phase of a file's analysis (lexical detectors,
// pre-filter, parse, query pass), to see where the time goes.
int profile_files(const std::vector<std::string>& paths) {
  auto loaded = RuleSet::load("");
  if (!loaded) {
    std::cerr << "engine_bench: " << loaded.error().str() << "\n";
    return 2;
  }
  const auto& rules = *loaded;
  // A directory of tarballs: every source file of every package, phases summed; the parse and
  // query phases only for files the pre-filter passes, as in the normal mode.
  if (paths.size() == 1 && fs::is_directory(paths[0])) {
    double t_lexical = 0, t_gate = 0, t_parse = 0, t_query = 0, t_unpack = 0;
    uint64_t bytes = 0, gated_bytes = 0, files = 0, gated = 0;
    // Parse and query time of the files over 1 MB (the size past which regions are allowed).
    double t_large = 0;
    uint64_t large = 0, large_bytes = 0;
    for (const auto& tgz : read_tarballs(paths[0])) {
      auto t = std::chrono::steady_clock::now();
      ArchiveContents contents = read_archive(tgz, ArchiveKind::npm_tarball, ArchiveLimits{});
      t_unpack += seconds_since(t);
      for (const auto& f : contents.files) {
        auto lang = lang_from_name(f.path);
        if (!lang || f.data.size() > (16u << 20) || !looks_textual(f.data))
          continue;
        ++files;
        bytes += f.data.size();
        FileJob job{f.path, f.data, lang, false, 0, 0};
        FileOutcome out;
        t = std::chrono::steady_clock::now();
        lexical_signals(*rules, job, &out);
        t_lexical += seconds_since(t);
        const QuerySet* set = rules->query_set(*lang);
        t = std::chrono::steady_clock::now();
        bool pass = set->lexical_gate(f.data);
        t_gate += seconds_since(t);
        if (!pass)
          continue;
        ++gated;
        gated_bytes += f.data.size();
        t = std::chrono::steady_clock::now();
        auto t_file = t;
        std::string terminated;
        std::string_view text;
        auto tree = parse_for_queries(*lang, f.data, 5'000'000, &terminated, &text);
        t_parse += seconds_since(t);
        t = std::chrono::steady_clock::now();
        if (tree)
          set->run(tree->get(), text);
        t_query += seconds_since(t);
        if (f.data.size() > (1u << 20)) {
          ++large;
          large_bytes += f.data.size();
          t_large += seconds_since(t_file);
        }
      }
    }
    std::printf(
        "one thread: %llu source files (%.1f MB), %llu pass the pre-filter (%.1f MB)\n"
        "unpack %.2f s  lexical %.2f s  pre-filter %.2f s  parse %.2f s  query %.2f s\n"
        "of which files over 1 MB: %llu (%.1f MB), parse and query %.2f s\n",
        static_cast<unsigned long long>(files), static_cast<double>(bytes) / 1e6,
        static_cast<unsigned long long>(gated), static_cast<double>(gated_bytes) / 1e6, t_unpack,
        t_lexical, t_gate, t_parse, t_query, static_cast<unsigned long long>(large),
        static_cast<double>(large_bytes) / 1e6, t_large);
    return 0;
  }
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    std::string data = body.str();
    auto lang = lang_from_name(path).value_or(Lang::javascript);
    FileJob job{path, data, lang, false, 0, 0};
    FileOutcome out;
    auto t = std::chrono::steady_clock::now();
    lexical_signals(*rules, job, &out);
    double lexical = seconds_since(t);
    const QuerySet* set = rules->query_set(lang);
    t = std::chrono::steady_clock::now();
    bool gate = set->lexical_gate(data);
    double gate_s = seconds_since(t);
    t = std::chrono::steady_clock::now();
    std::string terminated;
    std::string_view text;
    auto parsed = parse_for_queries(lang, data, 0, &terminated, &text);
    TreePtr tree = parsed ? std::move(*parsed) : nullptr;
    double parse = seconds_since(t);
    t = std::chrono::steady_clock::now();
    size_t matches = tree ? set->run(tree.get(), text).size() : 0;
    double query = seconds_since(t);
    // The structural matching alone, without predicates or the resolver.
    t = std::chrono::steady_clock::now();
    size_t raw = 0;
    if (tree) {
      TSQueryCursor* cursor = ts_query_cursor_new();
      ts_query_cursor_exec(cursor, set->query(), ts_tree_root_node(tree.get()));
      TSQueryMatch m;
      while (ts_query_cursor_next_match(cursor, &m))
        ++raw;
      ts_query_cursor_delete(cursor);
    }
    double raw_s = seconds_since(t);
    std::printf(
        "%s: %.1f MB  lexical %.3f s  gate %.3f s (%s)  parse %.3f s  query %.3f s "
        "(%zu matches; structural only %.3f s, %zu raw matches)\n",
        path.c_str(), static_cast<double>(data.size()) / 1e6, lexical, gate_s,
        gate ? "parse" : "skip", parse, query, matches, raw_s, raw);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: engine_bench DIR [--jobs N] "
                 "[--mode normal|confined|full-parse|parse-only|unpack-only|unpack-libarchive] "
                 "[--list-high] [--compare-modes] | --profile FILE...\n";
    return 2;
  }
  if (std::string(argv[1]) == "--profile") {
    return profile_files(std::vector<std::string>(argv + 2, argv + argc));
  }
  std::string dir = argv[1];
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string> modes = {"normal",     "confined",    "full-parse",
                                    "parse-only", "unpack-only", "unpack-libarchive"};
  bool compare = false;
  bool chosen = false;
  for (int i = 2; i < argc; ++i) {
    std::string opt = argv[i];
    if (opt == "--compare-modes") {
      compare = true;
    } else if (opt == "--list-high") {
      g_list_high = true;
    } else if (opt == "--jobs" && i + 1 < argc) {
      jobs = std::max(1, std::atoi(argv[++i]));
    } else if (opt == "--mode" && i + 1 < argc) {
      if (!chosen) {
        modes.clear();
        chosen = true;
      }
      modes.push_back(argv[++i]);  // repeated: several modes, in the order given
    }
  }
  auto tarballs = read_tarballs(dir);
  uint64_t archive_bytes = 0;
  for (const auto& t : tarballs)
    archive_bytes += t.size();
  std::printf("%zu tarballs, %.1f MB compressed, %d jobs (tarballs read into memory first)\n",
              tarballs.size(), static_cast<double>(archive_bytes) / 1e6, jobs);
  if (compare) {
    return compare_modes(tarballs, jobs);
  }
  std::map<std::string, double> wall;
  for (const auto& mode : modes)
    wall[mode] = measure(mode, tarballs, jobs);
  auto ratio = [&](const char* a, const char* b) {
    if (wall.count(a) != 0 && wall.count(b) != 0)
      std::printf("%s / %s: %.2f\n", a, b, wall[a] / wall[b]);
  };
  ratio("normal", "unpack-only");
  ratio("full-parse", "normal");
  ratio("confined", "normal");
  ratio("unpack-only", "unpack-libarchive");
  return 0;
}
