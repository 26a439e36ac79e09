// tarsier cache status | prune: what the archive cache holds, and trimming it by age and size.
#include <chrono>
#include <iostream>

#include "analyzer/cache/cache_usage.h"
#include "analyzer/cache/tarball_cache.h"
#include "analyzer/cli/command.h"

namespace tarsier::cli {

namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string age(int64_t seconds) {
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + " min";
  }
  if (seconds < 2 * 86400) {
    return std::to_string(seconds / 3600) + " h";
  }
  return std::to_string(seconds / 86400) + " days";
}

int status(const std::string& dir) {
  CacheUsage usage = cache_usage(dir);
  std::cout << dir << ": " << usage.entries.size()
            << (usage.entries.size() == 1 ? " archive, " : " archives, ")
            << format_bytes(usage.bytes) << "\n";
  if (!usage.entries.empty()) {
    int64_t now = now_seconds();
    std::cout << "least recently used " << age(now - usage.entries.front().last_used)
              << " ago, most recently " << age(now - usage.entries.back().last_used) << " ago\n";
  }
  return k_exit_ok;
}

int prune(const ParsedArgs& args, const std::string& dir) {
  std::optional<uint64_t> max_size;
  std::optional<int64_t> older_than;
  if (args.has("max-size") && !(max_size = parse_size(args.get("max-size")))) {
    std::cerr << "tarsier cache: --max-size: expected a size such as 500M or 2G, got '"
              << args.get("max-size") << "'\n";
    return k_exit_usage;
  }
  if (args.has("older-than") && !(older_than = parse_duration_seconds(args.get("older-than")))) {
    std::cerr << "tarsier cache: --older-than: expected a duration such as 30d, 12h or 2w, got '"
              << args.get("older-than") << "'\n";
    return k_exit_usage;
  }
  if (!max_size && !older_than) {
    std::cerr << "tarsier cache prune: give --max-size SIZE and/or --older-than DURATION\n";
    return k_exit_usage;
  }
  PruneResult result = prune_cache(dir, max_size, older_than, now_seconds());
  for (const auto& error : result.errors) {
    std::cerr << "tarsier cache: cannot remove " << error << "\n";
  }
  std::cout << "removed " << result.removed << (result.removed == 1 ? " archive (" : " archives (")
            << format_bytes(result.freed_bytes) << "), kept " << result.kept << " ("
            << format_bytes(result.kept_bytes) << ")\n";
  return result.errors.empty() ? k_exit_ok : k_exit_incomplete;
}

int run_cache(const ParsedArgs& args) {
  if (args.positional.size() != 1 ||
      (args.positional[0] != "status" && args.positional[0] != "prune")) {
    std::cerr << "tarsier cache: expected 'status' or 'prune'\n";
    return k_exit_usage;
  }
  std::string dir = args.get("cache-dir", TarballCache::default_dir());
  return args.positional[0] == "status" ? status(dir) : prune(args, dir);
}

const CommandRegistration k_cache{{
    "cache",
    "cache status | cache prune [--max-size SIZE] [--older-than DURATION]",
    "show the archive cache's size, or remove least recently used archives",
    {{"cache-dir", 0, true, false, "DIR", "archive cache (default $XDG_CACHE_HOME/tarsier)"},
     {"max-size", 0, true, false, "SIZE", "prune: keep at most SIZE (e.g. 2G, 500M)"},
     {"older-than", 0, true, false, "DURATION",
      "prune: remove archives unused for DURATION (e.g. 30d)"}},
    run_cache,
}};

}  // namespace

}  // namespace tarsier::cli
