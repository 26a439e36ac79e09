// tarsier scan: lockfiles, directories, package specs or local archives → report + exit code.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "analyzer/archive/folder_pack.h"
#include "analyzer/archive/tarball_kind.h"
#include "analyzer/cli/command.h"
#include "analyzer/cli/report_options.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/cli/shard.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/util/event_log.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

namespace fs = std::filesystem;

ArchiveKind archive_kind_for(const LocalArchive& archive) {
  const std::string& path = archive.path;
  auto ends_with = [&](const char* suffix) {
    std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".whl") || ends_with(".zip")) {
    return ArchiveKind::zip;
  }
  return tarball_kind(find_ecosystem(archive.ref.ecosystem));
}

bool read_file(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *bytes = buffer.str();
  return static_cast<bool>(in) || in.eof();
}

// The slowest packages analysed in this run (unpacking and analysis), on stderr.
void print_slowest(const std::vector<PackageResult>& packages) {
  std::vector<const PackageResult*> analysed;
  for (const auto& p : packages) {
    if (p.stats.analysis_us > 0)
      analysed.push_back(&p);
  }
  size_t n = std::min<size_t>(5, analysed.size());
  std::partial_sort(analysed.begin(), analysed.begin() + static_cast<std::ptrdiff_t>(n),
                    analysed.end(), [](const PackageResult* a, const PackageResult* b) {
                      return a->stats.analysis_us > b->stats.analysis_us;
                    });
  std::cerr << "slowest packages (unpack + analysis):\n";
  for (size_t i = 0; i < n; ++i) {
    const PackageResult& p = *analysed[i];
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%8.2f s", p.stats.analysis_us / 1e6);
    std::cerr << "  " << seconds << "  " << p.ref.id() << "  (" << p.stats.files << " files, "
              << p.stats.unpacked_bytes << " bytes)\n";
  }
}

// A database that could not be opened or written (read-only, disk full) does not cost the
// report: the scan went on without it; the problem is printed, put in the report's warnings,
// and makes the exit code at least 3. True when there is one.
bool report_database_problem(const ScanSetup& setup, ScanReport* report) {
  std::string problem = database_problem(setup, report->packages);
  if (!problem.empty()) {
    std::cerr << "tarsier scan: " << problem << "\n";
    report->warnings.push_back(problem);
  }
  return !problem.empty();
}

// The report's header: where it came from, what it lists, the gate, the input problems.
ScanReport new_report(const ParsedArgs& args, const ReportChoices& choices, const ScanSetup& setup,
                      const ResolvedInputs& inputs, const std::string& started_at) {
  ScanReport report;
  report.started_at = started_at;
  report.min_risk = choices.min_risk;
  report.verbose = choices.verbose;
  report.ruleset_version = setup.analyzer->ruleset_version();
  report.tool_version = TARSIER_VERSION;
  report.inputs = args.positional;
  report.input_errors = inputs.errors;
  report.warnings = setup.warnings;
  for (const auto& diagnostic : inputs.warnings) {
    report.warnings.push_back(diagnostic.str());
  }
  report.fail_on = setup.fail_on;
  return report;
}

// A package folder's files as the archive its ecosystem publishes: npm's under "package/", an
// sdist's under one folder named after it. "" with `error` set when it cannot be packed.
std::string pack_package_folder(const LocalArchive& folder, std::string* error) {
  fs::path dir = fs::path(folder.path).lexically_normal();
  std::string name = (dir.filename().empty() ? dir.parent_path() : dir).filename().string();
  std::string prefix = folder.ref.ecosystem == npm_ecosystem().id ? "package/" : name + "/";
  FolderPack pack = pack_folder(dir, prefix, ArchiveLimits{});
  if (!pack.error.empty()) {
    *error = "cannot read the package folder " + folder.path + ": " + pack.error;
    return "";
  }
  return std::move(pack.tar);
}

// Local archives and package folders given on the command line, analysed one by one.
void scan_local_archives(Scanner& scanner, const std::vector<LocalArchive>& archives,
                         std::vector<PackageResult>* results) {
  for (const auto& archive : archives) {
    std::string bytes;
    std::string error;
    if (archive.unpacked) {
      bytes = pack_package_folder(archive, &error);
    } else if (!read_file(archive.path, &bytes)) {
      error = "cannot read " + archive.path;
    }
    if (!error.empty()) {
      PackageResult failed;
      failed.ref = archive.ref;
      failed.error = std::move(error);
      results->push_back(std::move(failed));
      continue;
    }
    results->push_back(scanner.scan_archive(archive.ref, bytes, archive_kind_for(archive)));
  }
}

// The structured log of a scan: one line per package (its analysis time and findings), then the
// totals with the scan's duration and exit code.
void log_scan(const ScanReport& report, int64_t duration_ms, int exit_code) {
  if (log_format() == LogFormat::off) {
    return;
  }
  using Fields = std::vector<std::pair<std::string, std::string>>;
  int64_t findings = 0;
  for (const auto& p : report.packages) {
    findings += static_cast<int64_t>(p.findings.size());
    log_event({p.error.empty() ? "info" : "error",
               p.error.empty() ? "package-analysed" : "package-failed",
               p.ref.id(),
               static_cast<int64_t>(p.stats.analysis_us / 1000),
               {{"findings", static_cast<int64_t>(p.findings.size())},
                {"files", static_cast<int64_t>(p.stats.files)}},
               p.error.empty() ? Fields{{"risk", std::string(to_string(p.risk))}}
                               : Fields{{"message", p.error}}});
  }
  ReportSummary summary = summarize(report);
  log_event({exit_code == k_exit_ok || exit_code == k_exit_findings ? "info" : "error",
             "scan-finished",
             "",
             duration_ms,
             {{"packages", summary.packages},
              {"analyzed", summary.analyzed},
              {"failed", summary.failed},
              {"findings", findings},
              {"exit_code", exit_code}},
             {}});
}

// False when the scan's totals could not be written (the exit code is then at least 3).
bool finish_record(const ScanSetup& setup, int64_t scan_id, const ScanReport& report,
                   int exit_code) {
  if (!setup.db) {
    return true;
  }
  ReportSummary summary = summarize(report);
  ScanTotals totals{summary.packages, summary.analyzed, summary.failed, exit_code,
                    count_suppressed(report.packages)};
  if (auto finished = setup.db->finish_scan(scan_id, totals); !finished) {
    std::cerr << "tarsier scan: risk database " << setup.db->path() << ": "
              << finished.error().str() << "\n";
    return false;
  }
  return true;
}

int run_scan(const ParsedArgs& args) {
  if (args.positional.empty()) {
    std::cerr << "tarsier scan: nothing to scan: give a lockfile, a directory, a package spec "
                 "(npm:NAME@VERSION) or an archive\n";
    return k_exit_usage;
  }
  std::string started_at = utc_timestamp();
  auto start = std::chrono::steady_clock::now();
  auto choices = report_choices(args);
  auto setup_options = choices ? setup_options_from(args) : Result<SetupOptions>(choices.error());
  if (!setup_options) {
    std::cerr << "tarsier scan: " << setup_options.error().str() << "\n";
    return k_exit_usage;
  }
  auto output = report_output_from("scan", args);
  if (!output) {
    std::cerr << "tarsier scan: " << output.error().str() << "\n";
    return k_exit_usage;
  }
  auto prepared = prepare_scan("scan", args, *setup_options);
  if (!prepared) {
    return k_exit_usage;
  }
  ResolvedInputs& inputs = prepared->inputs;
  ScanSetup* setup = &prepared->setup;
  omit_packages(*choices, &inputs.packages);
  ScanReport report = new_report(args, *choices, *setup, inputs, started_at);

  ScanRecord record{"scan",
                    args.positional,
                    TARSIER_VERSION,
                    setup->analyzer->ruleset_version(),
                    setup->policy_path,
                    project_name(args, inputs)};
  int64_t scan_id = begin_recorded_scan(setup, record);
  log_event({"info",
             "scan-started",
             "",
             std::nullopt,
             {{"packages", static_cast<int64_t>(inputs.packages.size())},
              {"archives", static_cast<int64_t>(inputs.archives.size())}},
             {}});
  Scanner scanner = setup->make_scanner(scan_id);
  report.packages = scanner.scan(inputs.packages, terminal_progress(setup->quiet));
  scan_local_archives(scanner, inputs.archives, &report.packages);
  report.stats = scanner.stats();
  if (args.has("verbose")) {
    print_slowest(report.packages);
    std::cerr << "file cache: " << report.stats->file_cache_hits << " hits, "
              << report.stats->file_cache_misses << " misses\n";
  }
  report.warnings.insert(report.warnings.end(), scanner.warnings().begin(),
                         scanner.warnings().end());
  report.unreachable_hosts = scanner.unreachable_hosts();
  for (auto& warning : unused_suppression_warnings(setup->options.policy.get(), report.packages)) {
    report.warnings.push_back(std::move(warning));
  }
  bool database_failed = report_database_problem(*setup, &report);
  print_warnings(*setup, *output, report.warnings);

  RunOutcome outcome = scan_outcome(report);
  outcome.database_failed = database_failed;
  int exit_code = tarsier::exit_code(outcome, report.fail_on);
  report.exit_code = exit_code;
  report.finished_at = utc_timestamp();
  auto emitted = emit_report(*output, report);
  bool written = emitted.ok();
  if (!written) {
    std::cerr << "tarsier scan: " << emitted.error().str() << "\n";
    exit_code = k_exit_usage;
  }
  if (!finish_record(*setup, scan_id, report, exit_code) && written) {
    outcome.database_failed = true;  // the totals were not recorded
    exit_code = tarsier::exit_code(outcome, report.fail_on);
  }
  log_scan(report,
           std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
               .count(),
           exit_code);
  return exit_code;
}

std::vector<OptionSpec> scan_options() {
  auto options = output_option_specs("scan");
  add_options(&options, scan_option_specs());
  options.push_back(project_option_spec());
  add_options(&options, input_option_specs());
  options.push_back(shard_option());
  add_options(&options, report_option_specs());
  return options;
}

const CommandRegistration k_scan{{
    "scan",
    "scan [options] PATH|SPEC...",
    "fetch, unpack and analyse every package of a lockfile, spec or archive",
    scan_options(),
    run_scan,
}};

}  // namespace

}  // namespace tarsier::cli
