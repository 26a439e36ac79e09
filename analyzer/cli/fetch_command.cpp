// tarsier fetch: download, verify and cache every archive of the inputs without analysing them.
// Warms the archive cache for a later `scan --offline` (a CI job that fetches in one step and
// scans without network in the next), and measures download speed on its own.
#include <chrono>
#include <iostream>
#include <map>

#include "analyzer/cli/command.h"
#include "analyzer/cli/report_options.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/cli/shard.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

bool integrity_failed(const PackageResult& result) {
  for (const auto& finding : result.findings) {
    if (finding.rule == "integrity-mismatch") {
      return true;
    }
  }
  return false;
}

int run_fetch(const ParsedArgs& args) {
  if (args.positional.empty()) {
    std::cerr
        << "tarsier fetch: nothing to fetch: give a lockfile, a directory or a package spec\n";
    return k_exit_usage;
  }
  auto started = std::chrono::steady_clock::now();
  auto options = setup_options_from(args);
  if (!options) {
    std::cerr << "tarsier fetch: " << options.error().str() << "\n";
    return k_exit_usage;
  }
  options->use_db = false;  // nothing is analysed, so nothing is recorded
  options->download_only = true;
  auto prepared = prepare_scan("fetch", args, *options);
  if (!prepared) {
    return k_exit_usage;
  }
  const ResolvedInputs& inputs = prepared->inputs;
  ScanSetup* setup = &prepared->setup;
  Scanner scanner = setup->make_scanner(0);
  std::vector<PackageResult> results =
      scanner.scan(inputs.packages, terminal_progress(setup->quiet));

  int downloaded = 0, cached = 0, skipped = 0, failed = 0, tampered = 0;
  std::map<std::string, int> unreachable;  // host -> packages it cost, reported once
  for (const auto& result : results) {
    if (integrity_failed(result)) {
      ++tampered;
      std::cerr << result.ref.id() << ": integrity mismatch: the archive was not cached\n";
    } else if (!result.error.empty()) {
      ++failed;
      if (!result.unreachable_host.empty()) {
        ++unreachable[result.unreachable_host];
      } else {
        std::cerr << result.ref.id() << ": " << result.error << "\n";
      }
    } else if (result.from_cache) {
      ++cached;
    } else if (result.integrity.empty() && result.ref.source != "registry") {
      ++skipped;  // local or non-registry source: nothing to fetch
    } else {
      ++downloaded;
    }
  }
  for (const auto& [host, error] : scanner.unreachable_hosts()) {
    std::cerr << "host " << host << " unreachable (" << error
              << "): " << count_of(static_cast<size_t>(unreachable[host]), "package", "packages")
              << " not fetched\n";
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << count_of(results.size(), "package", "packages") << ": " << downloaded
            << " downloaded, " << cached << " already in the archive cache ("
            << setup->options.cache_dir << "), " << skipped << " not from a registry, " << failed
            << " failed, "
            << count_of(static_cast<size_t>(tampered), "integrity mismatch", "integrity mismatches")
            << "; " << format_duration(seconds) << "\n";
  if (tampered > 0) {
    return k_exit_findings;
  }
  return failed > 0 || !inputs.errors.empty() ? k_exit_incomplete : k_exit_ok;
}

// What concerns finding and downloading archives; the policy file is read (a broken one stops
// the run like a scan's), so --no-policy is offered too.
std::vector<OptionSpec> fetch_options() {
  std::vector<OptionSpec> options;
  for (auto& option : registry_option_specs()) {
    options.push_back(option.name == "offline"
                          ? refused_option(option, "fetching is the step that goes online")
                          : std::move(option));
  }
  for (auto& option : database_option_specs()) {
    options.push_back(refused_option(option, "nothing is analysed, so nothing is recorded"));
  }
  add_options(&options, policy_option_specs());
  add_options(&options, quiet_option_specs());
  add_options(&options, input_option_specs());
  options.push_back(shard_option());
  return options;
}

const CommandRegistration k_fetch{{
    "fetch",
    "fetch [options] PATH|SPEC...",
    "download, verify and cache every archive without analysing (warms the cache for --offline)",
    fetch_options(),
    run_fetch,
}};

}  // namespace

}  // namespace tarsier::cli
