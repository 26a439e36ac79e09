// `tarsier history ECOSYSTEM:NAME`: the capability and risk timeline of one package over every
// version the risk database has recorded, in version order.
#include <filesystem>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/cli/report_output.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/db/history.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier::cli {

namespace {

int run_history(const ParsedArgs& args) {
  std::string spec = args.positional.size() == 1 ? args.positional[0] : "";
  auto colon = spec.find(':');
  std::string ecosystem = colon == std::string::npos ? "" : spec.substr(0, colon);
  std::string name = colon == std::string::npos ? "" : spec.substr(colon + 1);
  const Ecosystem* known = find_ecosystem(ecosystem);
  if (known == nullptr || name.empty()) {
    std::cerr << "tarsier history: expected one ECOSYSTEM:NAME, e.g. npm:debug or pypi:requests\n";
    return k_exit_usage;
  }
  auto output = report_output_from("history", args);
  if (!output) {
    std::cerr << "tarsier history: " << output.error().str() << "\n";
    return k_exit_usage;
  }
  std::string error;
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier history: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  {
    // Opening applies missing migrations, so an older database can be read.
    auto db = RiskDb::open(path);
    if (!db) {
      std::cerr << "tarsier history: " << db.error().str() << "\n";
      return k_exit_usage;
    }
  }
  auto history = load_history(path, ecosystem, name);
  if (!history) {
    std::cerr << "tarsier history: " << history.error().str() << "\n";
    return k_exit_usage;
  }
  order_history(&*history, known->compare_versions);
  bool json = output->format == ReportFormat::json;
  if (json || !history->versions.empty()) {
    auto written = write_output(output->path, [&](std::ostream& out) {
      if (json) {
        write_history_json(*history, TARSIER_VERSION, out);
      } else {
        write_history_text(*history, out);
      }
    });
    if (!written) {
      std::cerr << "tarsier history: " << written.error().str() << "\n";
      return k_exit_usage;
    }
  }
  if (history->versions.empty()) {
    std::cerr << "tarsier history: no version of " << ecosystem << ":" << history->name
              << " is recorded in " << path << "\n";
    return k_exit_findings;
  }
  return k_exit_ok;
}

// The shared options: output, the database, and those every command that touches the stores
// takes (--cache-dir, --quiet) so one set of options works for each; --no-db is refused.
std::vector<OptionSpec> history_options() {
  std::vector<OptionSpec> options = output_option_specs("history");
  for (auto& option : database_option_specs()) {
    options.push_back(option.name == "no-db"
                          ? refused_option(option, "the history is read from the risk database")
                          : std::move(option));
  }
  for (auto& option : registry_option_specs()) {
    if (option.name == "cache-dir") {
      option.help += "; accepted, history reads only the risk database";
      options.push_back(std::move(option));
    }
  }
  add_options(&options, quiet_option_specs());
  return options;
}

const CommandRegistration k_history{{
    "history",
    "history ECOSYSTEM:NAME [options]",
    "capability and risk timeline of one package over every version in the risk database",
    history_options(),
    run_history,
}};

}  // namespace

}  // namespace tarsier::cli
