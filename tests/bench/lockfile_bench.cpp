// Lockfile parsing throughput: `lockfile_bench FILE...` parses each file (format picked by its
// base name) repeatedly for at least half a second and prints MB/s and the package count.
// Make large real lockfiles with tests/bench/make_lockfiles.sh.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "parsers/lockfile.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lockfile_bench LOCKFILE...\n");
    return 2;
  }
  std::printf("%-16s %10s %9s %8s %9s\n", "format", "bytes", "packages", "runs", "MB/s");
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    std::string base = std::filesystem::path(path).filename().string();
    const tarsier::LockfileParser* parser = tarsier::find_lockfile_parser(base);
    if (parser == nullptr) {
      std::fprintf(stderr, "%s: not a supported lockfile name\n", path.c_str());
      return 2;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    int runs = 0;
    size_t packages = 0;
    double seconds = 0;
    while (seconds < 0.5 || runs < 3) {
      tarsier::LockfileResult result = parser->parse(text, path);
      packages = result.packages.size();
      ++runs;
      seconds = std::chrono::duration<double>(clock::now() - start).count();
    }
    double mb_per_s = static_cast<double>(text.size()) * runs / seconds / 1e6;
    std::printf("%-16s %10zu %9zu %8d %9.1f\n", std::string(parser->format()).c_str(), text.size(),
                packages, runs, mb_per_s);
  }
  return 0;
}
