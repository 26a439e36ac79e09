// `tarsier list PATH...`: the resolved package set, read from lockfiles, specs and local
// archives without any network access. Exit 2 when an input is malformed or unusable.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_match.h"
#include "analyzer/report/list_report.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

// Known-malware findings per package, from the risk database when it exists (list never
// creates one).
using KnownMalware = std::vector<std::vector<Finding>>;

KnownMalware known_malware(const ParsedArgs& args, const ResolvedInputs& inputs) {
  KnownMalware found(inputs.packages.size());
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (args.has("no-db") || !std::filesystem::is_regular_file(path, ec)) {
    return found;
  }
  auto db = RiskDb::open(path);
  if (!db) {
    std::cerr << "warning: risk database: " << db.error().str() << "; known malware not checked\n";
    return found;
  }
  for (size_t i = 0; i < inputs.packages.size(); ++i) {
    found[i] = known_malware_findings(**db, inputs.packages[i]);
  }
  return found;
}

// The terminal's width (COLUMNS, else the window size), 0 when not a terminal.
size_t terminal_width() {
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    return static_cast<size_t>(std::max(0, std::atoi(columns)));
  }
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    return size.ws_col;
  }
  return 0;
}

ListReport list_report(ResolvedInputs inputs, KnownMalware malware) {
  ListReport report;
  report.packages = std::move(inputs.packages);
  report.known_malware = std::move(malware);
  for (auto& archive : inputs.archives) {
    report.archives.push_back({std::move(archive.path), std::move(archive.ref), archive.unpacked});
  }
  report.lockfiles = std::move(inputs.lockfiles);
  report.errors = std::move(inputs.errors);
  report.width = terminal_width();
  return report;
}

int run_list(const ParsedArgs& args) {
  auto output = report_output_from("list", args);
  if (!output) {
    std::cerr << "tarsier list: " << output.error().str() << "\n";
    return k_exit_usage;
  }
  if (args.positional.empty()) {
    std::cerr << "tarsier list: expected at least one PATH or package spec\n";
    return k_exit_usage;
  }
  ResolvedInputs inputs = resolve_inputs(args.positional, input_options_from(args));
  for (const auto& warning : inputs.warnings) {
    std::cerr << "warning: " << warning.str() << "\n";
  }
  for (const auto& error : inputs.errors) {
    std::cerr << error.str() << "\n";
  }
  KnownMalware malware = known_malware(args, inputs);
  bool any = std::any_of(malware.begin(), malware.end(), [](const auto& f) { return !f.empty(); });
  // Bad entries are input errors too: the listing is incomplete, so the exit says so.
  bool incomplete = inputs.fatal || !inputs.errors.empty();
  ListReport report = list_report(std::move(inputs), std::move(malware));
  auto written = write_output(output->path, [&](std::ostream& out) {
    if (output->format == ReportFormat::json) {
      write_list_json(report, out);
    } else {
      write_list_text(report, out);
    }
  });
  if (!written) {
    std::cerr << "tarsier list: " << written.error().str() << "\n";
    return k_exit_usage;
  }
  if (incomplete) {
    return k_exit_usage;
  }
  return any ? k_exit_findings : k_exit_ok;
}

std::vector<OptionSpec> list_options() {
  std::vector<OptionSpec> options = output_option_specs("list");
  std::vector<OptionSpec> database = {
      {"db", 0, true, false, "FILE",
       "risk database with known-malware records (default: $XDG_DATA_HOME/tarsier/risk.db)"},
      {"no-db", 0, false, false, "", "do not look packages up in the risk database"}};
  add_options(&options, std::move(database));
  for (auto& option : input_option_specs())
    options.push_back(std::move(option));
  return options;
}

const CommandRegistration k_registration{Command{
    "list",
    "list [options] PATH...",
    "List the packages a lockfile, directory, archive or spec resolves to (no network)",
    list_options(),
    run_list,
}};

}  // namespace

}  // namespace tarsier::cli
