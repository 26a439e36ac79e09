// tarsier scan: lockfiles, directories, package specs or local archives → report + exit code.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "analyzer/archive/tarball_kind.h"
#include "analyzer/cli/command.h"
#include "analyzer/cli/report_options.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/cli/shard.h"
#include "analyzer/ecosystem/ecosystem.h"
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

int run_scan(const ParsedArgs& args) {
  if (args.positional.empty()) {
    std::cerr << "tarsier scan: nothing to scan: give a lockfile, a directory, a package spec "
                 "(npm:NAME@VERSION) or an archive\n";
    return k_exit_usage;
  }
  std::string started_at = utc_timestamp();
  std::string error;
  auto choices = report_choices(args, &error);
  if (!choices) {
    std::cerr << "tarsier scan: " << error << "\n";
    return k_exit_usage;
  }
  auto prepared = prepare_scan("scan", args);
  if (!prepared) {
    return k_exit_usage;
  }
  ResolvedInputs& inputs = prepared->inputs;
  ScanSetup* setup = &prepared->setup;
  omit_packages(*choices, &inputs.packages);

  ScanReport report;
  report.started_at = started_at;
  report.min_risk = choices->min_risk;
  report.verbose = choices->verbose;
  report.ruleset_version = setup->analyzer->ruleset_version();
  report.tool_version = TARSIER_VERSION;
  report.inputs = args.positional;
  report.input_errors = inputs.errors;
  report.warnings = setup->warnings;
  for (const auto& diagnostic : inputs.warnings) {
    report.warnings.push_back(diagnostic.str());
  }
  report.fail_on = setup->fail_on;

  int64_t scan_id = 0;
  if (setup->db) {
    ScanRecord record{"scan",
                      args.positional,
                      TARSIER_VERSION,
                      setup->analyzer->ruleset_version(),
                      setup->policy_path,
                      project_name(args, inputs)};
    scan_id = setup->db->begin_scan(record, &error);
  }
  Scanner scanner = setup->make_scanner(scan_id);
  report.packages = scanner.scan(inputs.packages, terminal_progress(setup->quiet));
  for (const auto& archive : inputs.archives) {
    std::string bytes;
    if (!read_file(archive.path, &bytes)) {
      PackageResult failed;
      failed.ref = archive.ref;
      failed.error = "cannot read " + archive.path;
      report.packages.push_back(std::move(failed));
      continue;
    }
    report.packages.push_back(scanner.scan_archive(archive.ref, bytes, archive_kind_for(archive)));
  }

  if (args.has("verbose")) {
    print_slowest(report.packages);
  }
  report.warnings.insert(report.warnings.end(), scanner.warnings().begin(),
                         scanner.warnings().end());
  report.unreachable_hosts = scanner.unreachable_hosts();
  for (auto& warning : unused_suppression_warnings(setup->options.policy.get(), report.packages)) {
    report.warnings.push_back(std::move(warning));
  }
  print_warnings(*setup, report.warnings);

  int exit_code = scan_exit_code(report);
  report.exit_code = exit_code;
  report.finished_at = utc_timestamp();
  if (!emit_report(*setup, report, &error)) {
    std::cerr << "tarsier scan: " << error << "\n";
    exit_code = k_exit_usage;
  }
  if (setup->db) {
    ReportSummary summary = summarize(report);
    ScanTotals totals{summary.packages, summary.analyzed, summary.failed, exit_code,
                      count_suppressed(report.packages)};
    if (!setup->db->finish_scan(scan_id, totals, &error)) {
      std::cerr << "tarsier scan: risk database: " << error << "\n";
    }
  }
  return exit_code;
}

std::vector<OptionSpec> scan_options() {
  auto options = scan_option_specs();
  options.push_back(project_option_spec());
  for (auto& option : input_option_specs())
    options.push_back(std::move(option));
  options.push_back(shard_option());
  for (auto& option : report_option_specs())
    options.push_back(std::move(option));
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
