#include "analyzer/cli/progress.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tarsier::cli {

namespace {

std::string clock_text(double seconds) {
  int s = static_cast<int>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%d:%02d", s / 60, s % 60);
  return buffer;
}

std::string megabytes(uint64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buffer;
}

struct Display {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::vector<std::pair<double, std::string>> slowest;  // at most k_slowest, slowest first
  bool verbose = false;
  bool finished = false;
  static constexpr size_t k_slowest = 5;

  void note(const ScanProgress& p) {
    if (p.package.empty()) {
      return;
    }
    slowest.emplace_back(p.package_seconds, p.package);
    std::sort(slowest.begin(), slowest.end(), std::greater<>());
    if (slowest.size() > k_slowest) {
      slowest.pop_back();
    }
  }

  void show(const ScanProgress& p) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string line = "[" + std::string(p.phase) + "] " + std::to_string(p.done) + "/" +
                       std::to_string(p.total) + " packages, " + megabytes(p.bytes) + ", " +
                       clock_text(elapsed) + " elapsed";
    if (p.done > 0 && p.done < p.total) {
      line += ", ~" +
              clock_text(elapsed * static_cast<double>(p.total - p.done) /
                         static_cast<double>(p.done)) +
              " left";
    }
    if (!p.package.empty()) {
      line += "  " + p.package.substr(0, 40);
    }
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    if (std::string(p.phase) == "record" && !finished) {
      finished = true;
      std::fprintf(stderr, "\n");
      for (size_t i = 0; verbose && i < slowest.size(); ++i) {
        std::fprintf(stderr, "%s %s%s\n", i == 0 ? "slowest:" : "        ",
                     clock_text(slowest[i].first).c_str(), ("  " + slowest[i].second).c_str());
      }
    }
    std::fflush(stderr);
  }
};

}  // namespace

std::function<void(const ScanProgress&)> progress_display(bool verbose) {
  auto display = std::make_shared<Display>();
  display->verbose = verbose;
  return [display](const ScanProgress& p) {
    display->note(p);
    display->show(p);
  };
}

}  // namespace tarsier::cli
