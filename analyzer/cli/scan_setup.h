// What the commands that fetch or analyse packages share: their option groups (each declared
// once, taken by every command that needs it), the typed options read from them, turning those
// into a configured Scanner (registry clients, analyzer, risk database), writing the scan report
// and choosing the exit code.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/cli/progress.h"
#include "analyzer/cli/report_output.h"
#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/scan/scanner.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

// The option groups. Registry access: --registry, --index-url, --download-jobs, --cache-dir,
// --offline, --proxy, --cacert, --timeout, --retries.
std::vector<OptionSpec> registry_option_specs();
// The analysis: --jobs, --rules, --full-parse, --no-confine, --fetch-known-malware.
std::vector<OptionSpec> analysis_option_specs();
// The risk database: --db, --no-db.
std::vector<OptionSpec> database_option_specs();
// The project's policy file: --policy, --no-policy.
std::vector<OptionSpec> policy_option_specs();
// The gate: --fail-on, with `help` saying what is compared.
std::vector<OptionSpec> gate_option_specs(const std::string& help);
// --quiet.
std::vector<OptionSpec> quiet_option_specs();
// Every group above: what scan, diff, watch and explain take.
std::vector<OptionSpec> scan_option_specs();

// Appends `more` to `options`.
void add_options(std::vector<OptionSpec>* options, std::vector<OptionSpec> more);

// The groups' values, typed. A command reads them with setup_options_from() and may change its
// own copy (fetch never records; explain is always quiet) before make_scan_setup().
struct SetupOptions {
  // registry access
  std::string registry, index_url, cache_dir, proxy, cacert;
  long download_jobs = 0;      // 0: 4 per analysis thread (at least 8); 8 when download_only
  bool download_only = false;  // fetch: verify and cache the archives, analyse nothing
  long timeout_seconds = 120;
  std::optional<int> retries;
  bool offline = false;
  // analysis
  long jobs = 0;  // 0: one per core
  std::string rules_dir;
  bool full_parse = false, fetch_known_malware = false;
  bool confine = true;  // analyse in sandboxed workers (analyzer/confine)
  // registry metadata signals; min_release_age implies them
  bool registry_signals = false;
  std::optional<std::chrono::seconds> min_release_age;
  // database
  bool use_db = true;
  std::string db_path;  // "": RiskDb::default_path()
  // policy
  bool use_policy = true;
  std::optional<std::string> policy_path;  // unset: .tarsier.yml from the project upwards
  // gate; unset: the policy's fail-on, else k_default_fail_on
  std::optional<Risk> fail_on;
  bool quiet = false;
  bool verbose = false;
};

// An error for a malformed value.
Result<SetupOptions> setup_options_from(const ParsedArgs& args);

// How inputs are read (--recursive, --ecosystem, --lockfile-kind); shared by scan, fetch, list
// and diff.
std::vector<OptionSpec> input_option_specs();
InputOptions input_options_from(const ParsedArgs& args);

struct ScanSetup {
  ScanOptions options;
  std::map<std::string, std::unique_ptr<EcosystemClient>> clients;
  std::shared_ptr<const Analyzer> analyzer;
  std::unique_ptr<RiskDb> db;  // null with --no-db
  // Why the risk database is not used although one was asked for (read-only, disk full): the
  // scan goes on without it, the report says so and the exit code is at least 3.
  std::string db_error;
  Risk fail_on = k_default_fail_on;
  bool quiet = false;
  bool verbose = false;     // also lists the slowest packages after the progress display
  std::string policy_path;  // the policy file applied ("" = none); options.policy holds it
  std::vector<std::string> warnings;  // configuration problems that did not stop loading

  // A Scanner over this setup, recording into `scan_id` when a database is open. It takes the
  // registry clients: a setup that makes another Scanner (tarsier worker) renews them first.
  Scanner make_scanner(int64_t scan_id);
  // New registry clients for `ecosystems`, as make_scan_setup() made them.
  Result<void> renew_clients(const SetupOptions& options, const std::string& project_dir,
                             const std::vector<std::string>& ecosystems);
};

// Records the start of a scan in the database and returns its id; 0 without a database. When
// the database refuses it (read-only, disk full), the run goes on without the database and
// `db_error` says why.
int64_t begin_recorded_scan(ScanSetup* setup, const ScanRecord& record);

// Why the risk database did not record this run completely, "" when it did: `db_error`, or a
// package whose row could not be written. The command prints it, adds it to its report's
// warnings and exits with at least 3.
std::string database_problem(const ScanSetup& setup, const std::vector<PackageResult>& packages);

// The directory whose configuration (.npmrc, policy) applies: the first lockfile's; "" (none: only
// the user's own configuration and --policy) when a package folder is scanned, whose .npmrc or
// .tarsier.yml is the package's, not the user's; else the first directory argument, else the
// working directory.
std::string project_dir_of(const ResolvedInputs& inputs, const std::vector<std::string>& args);

// The project a scan, diff or watch records (`--project NAME`), by default the name of the
// directory holding the first lockfile, else of the first directory argument; "" when the
// inputs are only specs or archives.
std::string project_name(const ParsedArgs& args, const ResolvedInputs& inputs);
// The name of the directory holding `lockfile`.
std::string lockfile_project(const std::string& lockfile);
// The --project option of scan, diff and watch.
OptionSpec project_option_spec();

// Builds everything from the options. `project_dir` is where the project's .npmrc is
// looked for; `ecosystems` are those the packages need (a registry is only required for them).
// An error is a usage or configuration problem (exit 2). A database that cannot be opened is
// such an error too, unless `database_optional` (then it is `db_error`).
Result<ScanSetup> make_scan_setup(const SetupOptions& options, const std::string& project_dir,
                                  const std::vector<std::string>& ecosystems,
                                  bool database_optional = false);

// A command's resolved inputs and the setup for the ecosystems they need.
struct PreparedScan {
  ResolvedInputs inputs;
  ScanSetup setup;
};

// Resolves the positional inputs (with --recursive and --ecosystem), prints input errors, and
// builds the setup from `options`. nullopt when the inputs or the configuration are unusable
// (exit 2); the reason is printed as "tarsier COMMAND: ...". `scan` goes on without a database
// it cannot open.
std::optional<PreparedScan> prepare_scan(const std::string& command, const ParsedArgs& args,
                                         const SetupOptions& options);

// Writes the scan report in the chosen format to the chosen place.
Result<void> emit_report(const ReportOutput& output, const ScanReport& report);

// The RunOutcome (analyzer/core/exit_code.h) of the packages' verdicts, their errors and the
// input errors; the caller adds what it knows of the database.
RunOutcome scan_outcome(const ScanReport& report);

// Prints warnings on stderr as "tarsier: warning: ..." unless the text report already goes to
// stdout (it lists them) or --quiet is set.
void print_warnings(const ScanSetup& setup, const ReportOutput& output,
                    const std::vector<std::string>& warnings);

// Findings a policy suppressed across `results` (recorded with the scan).
int count_suppressed(const std::vector<PackageResult>& results);

// Kept for callers of Scanner::scan(); the progress display is ScanOptions::on_progress, which
// make_scanner() sets when standard error is a terminal (analyzer/cli/progress.h).
std::function<void(size_t, size_t)> terminal_progress(bool quiet);

}  // namespace tarsier::cli
