// tarsier diff: what a lockfile change adds. Only added and changed packages are fetched and
// analysed (the old version of a changed package too, or read from the risk database); removed
// ones are listed.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "analyzer/cli/command.h"
#include "analyzer/cli/report_options.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/diff/diff_model.h"
#include "analyzer/diff/diff_report.h"
#include "analyzer/diff/git_revision.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

namespace fs = std::filesystem;

struct Side {
  std::string label;
  std::string lockfile;  // the file read
  ResolvedInputs inputs;
};

// "WHERE: no lockfile found", with the input errors that say why.
Error no_lockfile(const std::string& where, const ResolvedInputs& inputs) {
  std::string message = where + ": no lockfile found";
  for (const auto& d : inputs.errors) {
    message += "\n" + d.str();
  }
  return make_error(ErrorKind::not_found, std::move(message));
}

// Reads one side from a path; a lockfile must come out of it.
Result<void> read_side(const std::string& path, const InputOptions& options, Side* side) {
  side->inputs = resolve_inputs({path}, options);
  if (side->inputs.fatal || side->inputs.lockfiles.empty()) {
    return no_lockfile(path, side->inputs);
  }
  side->lockfile = side->inputs.lockfiles.front();
  if (side->label.empty()) {
    side->label = side->lockfile;
  }
  return {};
}

// The base side from a git revision: the blob's text is parsed under the name
// "REVISION:path", its format chosen by the head lockfile's file name.
Result<void> read_base_at_revision(const std::string& head_lockfile, const std::string& revision,
                                   const InputOptions& options, Side* side,
                                   std::vector<std::string>* warnings) {
  auto file = read_file_at_revision(head_lockfile, revision);
  if (!file) {
    return file.error();
  }
  side->label = revision + ":" + file->repo_path;
  if (!file->exists) {
    warnings->push_back(file->repo_path + " does not exist at " + revision +
                        "; every package counts as added");
    return {};
  }
  side->inputs = resolve_lockfile_text(side->label, fs::path(head_lockfile).filename().string(),
                                       file->content, options);
  if (side->inputs.fatal || side->inputs.lockfiles.empty()) {
    return no_lockfile(side->label, side->inputs);
  }
  side->lockfile = side->label;
  return {};
}

// Both sides: two lockfile paths, or PATH (default ".") and its lockfile at --base-ref.
Result<void> read_sides(const ParsedArgs& args, const InputOptions& options, Side* base, Side* head,
                        std::vector<std::string>* warnings) {
  bool by_revision = args.has("base-ref");
  std::string head_path =
      by_revision ? (args.positional.empty() ? "." : args.positional[0]) : args.positional[1];
  if (auto read = read_side(head_path, options, head); !read) {
    return read;
  }
  return by_revision
             ? read_base_at_revision(head->lockfile, args.get("base-ref"), options, base, warnings)
             : read_side(args.positional[0], options, base);
}

// What is analysed: every added or changed package's new version and a changed one's old
// version, in the order compute_deltas() reads them back.
std::vector<PackageRef> packages_to_scan(const LockfileDiff& diff,
                                         std::set<std::string>* ecosystems) {
  std::vector<PackageRef> to_scan;
  for (const auto& change : diff.changes) {
    if (change.head) {
      to_scan.push_back(*change.head);
      ecosystems->insert(change.head->ecosystem);
    }
    if (change.kind == ChangeKind::changed) {
      to_scan.push_back(*change.base);
    }
  }
  return to_scan;
}

DiffReport new_diff_report(const ParsedArgs& args, const Side& base, const Side& head,
                           const LockfileDiff& diff, const ScanSetup& setup,
                           const std::vector<PackageResult>& results) {
  DiffReport report;
  report.tool_version = TARSIER_VERSION;
  report.base_label = base.label;
  report.head_label = head.label;
  report.unchanged = diff.unchanged;
  report.fail_on = setup.fail_on;
  report.report_url = args.get("report-url");
  report.warnings.insert(report.warnings.end(), setup.warnings.begin(), setup.warnings.end());
  report.input_errors = base.inputs.errors;
  report.input_errors.insert(report.input_errors.end(), head.inputs.errors.begin(),
                             head.inputs.errors.end());
  size_t next = 0;
  for (const auto& change : diff.changes) {
    const PackageResult* after = change.head ? &results[next++] : nullptr;
    const PackageResult* before = change.kind == ChangeKind::changed ? &results[next++] : nullptr;
    report.packages.push_back(compute_delta(change, before, after));
  }
  sort_deltas(&report.packages);
  return report;
}

// The report in --format to --output, and each --json-output, --sarif-output and
// --markdown-output given.
Result<void> write_reports(const DiffReport& report, const ReportOutput& output,
                           const ParsedArgs& args) {
  auto emit = [&](ReportFormat format, const std::string& path) {
    return write_output(path, [&](std::ostream& out) {
      if (format == ReportFormat::json) {
        write_diff_json(report, out);
      } else if (format == ReportFormat::sarif) {
        write_diff_sarif(report, output.sarif_level, out);
      } else if (format == ReportFormat::markdown) {
        write_diff_markdown(report, out);
      } else {
        write_diff_text(report, out);
      }
    });
  };
  Result<void> written = emit(output.format, output.path);
  for (ReportFormat extra : {ReportFormat::json, ReportFormat::sarif, ReportFormat::markdown}) {
    std::string option = std::string(to_string(extra)) + "-output";
    if (written && args.has(option)) {
      written = emit(extra, args.get(option));
    }
  }
  return written;
}

void finish_record(const ScanSetup& setup, int64_t scan_id,
                   const std::vector<PackageResult>& results, int exit_code) {
  if (!setup.db) {
    return;
  }
  int failed = 0;
  for (const auto& r : results) {
    failed += !r.error.empty();
  }
  ScanTotals totals{static_cast<int>(results.size()), static_cast<int>(results.size()) - failed,
                    failed, exit_code, count_suppressed(results)};
  if (auto finished = setup.db->finish_scan(scan_id, totals); !finished) {
    std::cerr << "tarsier diff: risk database: " << finished.error().str() << "\n";
  }
}

int run_diff(const ParsedArgs& args) {
  size_t expected = args.has("base-ref") ? 1 : 2;
  if (args.positional.size() > expected || (!args.has("base-ref") && args.positional.size() != 2)) {
    std::cerr << "tarsier diff: give BASE_LOCKFILE HEAD_LOCKFILE, or --base-ref REF [PATH]\n";
    return k_exit_usage;
  }
  auto output = report_output_from("diff", args);
  auto setup_options = output ? setup_options_from(args) : Result<SetupOptions>(output.error());
  auto choices =
      setup_options ? report_choices(args) : Result<ReportChoices>(setup_options.error());
  std::vector<std::string> warnings;
  Side base, head;
  auto read = choices ? read_sides(args, input_options_from(args), &base, &head, &warnings)
                      : Result<void>(choices.error());
  if (!read) {
    std::cerr << "tarsier diff: " << read.error().str() << "\n";
    return k_exit_usage;
  }
  omit_packages(*choices, &base.inputs.packages);
  omit_packages(*choices, &head.inputs.packages);
  LockfileDiff diff = diff_lockfiles(base.inputs.packages, head.inputs.packages);
  std::set<std::string> ecosystems;
  std::vector<PackageRef> to_scan = packages_to_scan(diff, &ecosystems);
  std::string project_dir = fs::absolute(head.lockfile).parent_path().string();
  auto setup = make_scan_setup(*setup_options, project_dir, {ecosystems.begin(), ecosystems.end()},
                               /*database_optional=*/true);
  if (!setup) {
    std::cerr << "tarsier diff: " << setup.error().str() << "\n";
    return k_exit_usage;
  }
  ScanRecord record{"diff",
                    {base.label, head.label},
                    TARSIER_VERSION,
                    setup->analyzer->ruleset_version(),
                    setup->policy_path,
                    args.has("project") ? args.get("project") : lockfile_project(head.lockfile)};
  int64_t scan_id = begin_recorded_scan(&*setup, record);
  Scanner scanner = setup->make_scanner(scan_id);
  std::vector<PackageResult> results = scanner.scan(to_scan, terminal_progress(setup->quiet));
  warnings.insert(warnings.end(), scanner.warnings().begin(), scanner.warnings().end());
  DiffReport report = new_diff_report(args, base, head, diff, *setup, results);
  report.warnings.insert(report.warnings.begin(), warnings.begin(), warnings.end());
  std::string database_failed = database_problem(*setup, results);
  if (!database_failed.empty()) {
    report.warnings.push_back(database_failed);
  }
  for (const auto& warning : report.warnings) {
    std::cerr << "tarsier diff: warning: " << warning << "\n";
  }
  RunOutcome outcome = diff_outcome(report);
  outcome.database_failed = !database_failed.empty();
  int exit_code = tarsier::exit_code(outcome, report.fail_on);
  if (auto written = write_reports(report, *output, args); !written) {
    std::cerr << "tarsier diff: " << written.error().str() << "\n";
    exit_code = k_exit_usage;
  }
  finish_record(*setup, scan_id, results, exit_code);
  return exit_code;
}

std::vector<OptionSpec> diff_options() {
  auto options = output_option_specs("diff");
  add_options(&options, gate_option_specs("exit 1 when a change adds risk at or above LEVEL"));
  add_options(&options, registry_option_specs());
  add_options(&options, analysis_option_specs());
  add_options(&options, database_option_specs());
  add_options(&options, policy_option_specs());
  add_options(&options, quiet_option_specs());
  options.push_back(project_option_spec());
  for (auto& option : input_option_specs()) {
    if (option.name != "recursive") {  // each side is one lockfile
      options.push_back(std::move(option));
    }
  }
  for (auto& option : report_option_specs()) {
    if (option.name == "omit") {  // the diff report lists every change
      options.push_back(std::move(option));
    }
  }
  options.push_back({"base-ref", 0, true, false, "REF", "compare PATH with its lockfile at REF"});
  options.push_back({"json-output", 0, true, false, "FILE", "also write the JSON report to FILE"});
  options.push_back({"sarif-output", 0, true, false, "FILE", "also write SARIF to FILE"});
  options.push_back(
      {"markdown-output", 0, true, false, "FILE", "also write the Markdown comment to FILE"});
  options.push_back({"report-url", 0, true, false, "URL",
                     "where the full report is published; the Markdown comment links to it"});
  return options;
}

const CommandRegistration k_diff{{
    "diff",
    "diff [options] BASE_LOCKFILE HEAD_LOCKFILE | diff [options] --base-ref REF [PATH]",
    "show what a lockfile change adds: added, changed (with the delta) and removed packages",
    diff_options(),
    run_diff,
}};

}  // namespace

}  // namespace tarsier::cli
