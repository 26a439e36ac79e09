// What `scan` and `diff` share: their options, turning options into a configured Scanner
// (registry clients, analyzer, risk database), writing the report and choosing the exit code.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/cli/progress.h"
#include "analyzer/core/package.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/scan/scanner.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

// Options common to every command that fetches and analyses packages.
std::vector<OptionSpec> scan_option_specs();

// How inputs are read (--recursive, --ecosystem, --lockfile-kind); shared by scan, fetch, list
// and diff.
std::vector<OptionSpec> input_option_specs();
InputOptions input_options_from(const ParsedArgs& args);

struct ScanSetup {
  ScanOptions options;
  std::map<std::string, std::unique_ptr<EcosystemClient>> clients;
  std::shared_ptr<const Analyzer> analyzer;
  std::unique_ptr<RiskDb> db;  // null with --no-db
  Risk fail_on = Risk::high;
  std::string format = "text";
  Risk sarif_level = Risk::low;  // lowest severity a SARIF report lists
  std::string output;            // "" = stdout
  bool quiet = false;
  bool verbose = false;     // also lists the slowest packages after the progress display
  std::string policy_path;  // the policy file applied ("" = none); options.policy holds it
  std::vector<std::string> warnings;  // configuration problems that did not stop loading

  // A Scanner over this setup, recording into `scan_id` when a database is open.
  Scanner make_scanner(int64_t scan_id);
};

// The directory whose configuration (.npmrc, policy) applies: the first lockfile's, else the
// first directory argument, else the working directory.
std::string project_dir_of(const ResolvedInputs& inputs, const std::vector<std::string>& args);

// The project a scan, diff or watch records (`--project NAME`), by default the name of the
// directory holding the first lockfile, else of the first directory argument; "" when the
// inputs are only specs or archives.
std::string project_name(const ParsedArgs& args, const ResolvedInputs& inputs);
// The name of the directory holding `lockfile`.
std::string lockfile_project(const std::string& lockfile);
// The --project option of scan, diff and watch.
OptionSpec project_option_spec();

// Builds everything from the parsed options. `project_dir` is where the project's .npmrc is
// looked for; `ecosystems` are those the packages need (a registry is only required for them).
// nullopt with `error` (a usage or configuration problem: exit 2).
std::optional<ScanSetup> make_scan_setup(const ParsedArgs& args, const std::string& project_dir,
                                         const std::vector<std::string>& ecosystems,
                                         std::string* error);

// A command's resolved inputs and the setup for the ecosystems they need.
struct PreparedScan {
  ResolvedInputs inputs;
  ScanSetup setup;
};

// Resolves the positional inputs (with --recursive and --ecosystem), prints input errors, and
// builds the setup. nullopt when the inputs or the configuration are unusable (exit 2); the
// reason is printed as "tarsier COMMAND: ...".
std::optional<PreparedScan> prepare_scan(const std::string& command, const ParsedArgs& args);

// Writes the report in the chosen format to the chosen place; false with `error`.
bool emit_report(const ScanSetup& setup, const ScanReport& report, std::string* error);

// 1 when something is at or above fail_on, else 3 when anything failed, else 0.
int scan_exit_code(const ScanReport& report);

// Prints warnings on stderr as "tarsier: warning: ..." unless the text report already goes to
// stdout (it lists them) or --quiet is set.
void print_warnings(const ScanSetup& setup, const std::vector<std::string>& warnings);

// Findings a policy suppressed across `results` (recorded with the scan).
int count_suppressed(const std::vector<PackageResult>& results);

// Kept for callers of Scanner::scan(); the progress display is ScanOptions::on_progress, which
// make_scanner() sets when standard error is a terminal (analyzer/cli/progress.h).
std::function<void(size_t, size_t)> terminal_progress(bool quiet);

}  // namespace tarsier::cli
