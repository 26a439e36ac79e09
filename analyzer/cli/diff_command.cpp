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

// Reads one side from a path; a lockfile must come out of it.
bool read_side(const std::string& path, const InputOptions& options, Side* side,
               std::string* error) {
  side->inputs = resolve_inputs({path}, options);
  if (side->inputs.fatal || side->inputs.lockfiles.empty()) {
    *error = path + ": no lockfile found";
    for (const auto& d : side->inputs.errors) {
      *error += "\n" + d.str();
    }
    return false;
  }
  side->lockfile = side->inputs.lockfiles.front();
  if (side->label.empty()) {
    side->label = side->lockfile;
  }
  return true;
}

// The base side from a git revision: the file is written under its own name into a private
// temporary directory so format detection by file name works, then relabelled.
bool read_base_at_revision(const std::string& head_lockfile, const std::string& revision,
                           const InputOptions& options, Side* side,
                           std::vector<std::string>* warnings, std::string* error) {
  auto file = read_file_at_revision(head_lockfile, revision, error);
  if (!file) {
    return false;
  }
  side->label = revision + ":" + file->repo_path;
  if (!file->exists) {
    warnings->push_back(file->repo_path + " does not exist at " + revision +
                        "; every package counts as added");
    return true;
  }
  std::string pattern = (fs::temp_directory_path() / "tarsier-base-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    *error = "cannot create a temporary directory";
    return false;
  }
  fs::path temp = fs::path(pattern) / fs::path(head_lockfile).filename();
  {
    std::ofstream out(temp, std::ios::binary);
    out << file->content;
  }
  bool ok = read_side(temp.string(), options, side, error);
  std::error_code ec;
  fs::remove_all(pattern, ec);
  for (auto& package : side->inputs.packages) {
    package.lockfile = side->label;
  }
  for (auto& d : side->inputs.errors) {
    d.path = side->label;
  }
  return ok;
}

bool write_to(const std::string& path, const std::function<void(std::ostream&)>& writer,
              std::string* error) {
  if (path.empty() || path == "-") {
    writer(std::cout);
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  writer(out);
  out.flush();
  if (!out) {
    *error = "failed writing " + path;
    return false;
  }
  return true;
}

int run_diff(const ParsedArgs& args) {
  std::string revision = args.get("base-ref");
  bool by_revision = args.has("base-ref");
  size_t expected = by_revision ? 1 : 2;
  if (args.positional.size() > expected || (!by_revision && args.positional.size() != 2)) {
    std::cerr << "tarsier diff: give BASE_LOCKFILE HEAD_LOCKFILE, or --base-ref REF [PATH]\n";
    return k_exit_usage;
  }
  std::string format = args.get("format", "text");
  if (format != "text" && format != "json" && format != "sarif" && format != "markdown") {
    std::cerr << "tarsier diff: unknown --format '" << format
              << "' (expected text, json, sarif or markdown)\n";
    return k_exit_usage;
  }
  auto level = parse_risk(args.get("sarif-level", "low"));
  if (!level) {
    std::cerr << "tarsier diff: unknown --sarif-level '" << args.get("sarif-level") << "'\n";
    return k_exit_usage;
  }

  std::string error;
  auto choices = report_choices(args, &error);
  if (!choices) {
    std::cerr << "tarsier diff: " << error << "\n";
    return k_exit_usage;
  }
  std::vector<std::string> warnings;
  Side base, head;
  InputOptions input_options = input_options_from(args);
  std::string head_path =
      by_revision ? (args.positional.empty() ? "." : args.positional[0]) : args.positional[1];
  if (!read_side(head_path, input_options, &head, &error) ||
      !(by_revision ? read_base_at_revision(head.lockfile, revision, input_options, &base,
                                            &warnings, &error)
                    : read_side(args.positional[0], input_options, &base, &error))) {
    std::cerr << "tarsier diff: " << error << "\n";
    return k_exit_usage;
  }
  omit_packages(*choices, &base.inputs.packages);
  omit_packages(*choices, &head.inputs.packages);

  LockfileDiff diff = diff_lockfiles(base.inputs.packages, head.inputs.packages);
  std::vector<PackageRef> to_scan;
  std::set<std::string> ecosystems;
  for (const auto& change : diff.changes) {
    if (change.head) {
      to_scan.push_back(*change.head);
      ecosystems.insert(change.head->ecosystem);
    }
    if (change.kind == ChangeKind::changed) {
      to_scan.push_back(*change.base);
    }
  }

  // The shared setup knows only the scan formats; diff's own formats are handled here.
  ParsedArgs setup_args = args;
  setup_args.values.erase("format");
  setup_args.values.erase("output");
  std::string project_dir = fs::absolute(head.lockfile).parent_path().string();
  auto setup =
      make_scan_setup(setup_args, project_dir, {ecosystems.begin(), ecosystems.end()}, &error);
  if (!setup) {
    std::cerr << "tarsier diff: " << error << "\n";
    return k_exit_usage;
  }

  int64_t scan_id = 0;
  if (setup->db) {
    ScanRecord record{"diff",
                      {base.label, head.label},
                      TARSIER_VERSION,
                      setup->analyzer->ruleset_version(),
                      setup->policy_path,
                      args.has("project") ? args.get("project") : lockfile_project(head.lockfile)};
    scan_id = setup->db->begin_scan(record, &error);
  }
  Scanner scanner = setup->make_scanner(scan_id);
  std::vector<PackageResult> results = scanner.scan(to_scan, terminal_progress(setup->quiet));
  warnings.insert(warnings.end(), scanner.warnings().begin(), scanner.warnings().end());

  DiffReport report;
  report.tool_version = TARSIER_VERSION;
  report.base_label = base.label;
  report.head_label = head.label;
  report.unchanged = diff.unchanged;
  report.fail_on = setup->fail_on;
  report.report_url = args.get("report-url");
  report.warnings = warnings;
  report.warnings.insert(report.warnings.end(), setup->warnings.begin(), setup->warnings.end());
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
  for (const auto& warning : report.warnings) {
    std::cerr << "tarsier diff: warning: " << warning << "\n";
  }

  int exit_code = diff_exit_code(report);
  auto emit = [&](const std::string& which, const std::string& path) {
    return write_to(
        path,
        [&](std::ostream& out) {
          if (which == "json") {
            write_diff_json(report, out);
          } else if (which == "sarif") {
            write_diff_sarif(report, *level, out);
          } else if (which == "markdown") {
            write_diff_markdown(report, out);
          } else {
            write_diff_text(report, out);
          }
        },
        &error);
  };
  bool written = emit(format, args.get("output"));
  for (const char* extra : {"json", "sarif", "markdown"}) {
    if (written && args.has(std::string(extra) + "-output")) {
      written = emit(extra, args.get(std::string(extra) + "-output"));
    }
  }
  if (!written) {
    std::cerr << "tarsier diff: " << error << "\n";
    exit_code = k_exit_usage;
  }
  if (setup->db) {
    int failed = 0;
    for (const auto& r : results) {
      failed += !r.error.empty();
    }
    ScanTotals totals{static_cast<int>(results.size()), static_cast<int>(results.size()) - failed,
                      failed, exit_code, count_suppressed(results)};
    if (!setup->db->finish_scan(scan_id, totals, &error)) {
      std::cerr << "tarsier diff: risk database: " << error << "\n";
    }
  }
  return exit_code;
}

std::vector<OptionSpec> diff_options() {
  auto options = scan_option_specs();
  options.push_back(project_option_spec());
  for (auto& option : options) {
    if (option.name == "format") {
      option.help = "report format: text (default), json, sarif or markdown";
    }
    if (option.name == "fail-on") {
      option.help = "exit 1 when a change adds risk at or above LEVEL (default high)";
    }
  }
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
