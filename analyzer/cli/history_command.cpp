// `tarsier history ECOSYSTEM:NAME`: the capability and risk timeline of one package over every
// version the risk database has recorded, in version order.
#include <filesystem>
#include <iostream>

#include "analyzer/cli/command.h"
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
  std::string format = args.get("format", "text");
  if (format != "text" && format != "json") {
    std::cerr << "tarsier history: unknown --format '" << format << "' (expected text or json)\n";
    return k_exit_usage;
  }
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier history: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  std::string error;
  {
    // Opening applies missing migrations, so an older database can be read.
    auto db = RiskDb::open(path, &error);
    if (!db) {
      std::cerr << "tarsier history: " << error << "\n";
      return k_exit_usage;
    }
  }
  auto history = load_history(path, ecosystem, name, &error);
  if (!history) {
    std::cerr << "tarsier history: " << error << "\n";
    return k_exit_usage;
  }
  order_history(&*history, known->compare_versions);
  if (format == "json") {
    write_history_json(*history, TARSIER_VERSION, std::cout);
  } else if (!history->versions.empty()) {
    write_history_text(*history, std::cout);
  }
  if (history->versions.empty()) {
    std::cerr << "tarsier history: no version of " << ecosystem << ":" << history->name
              << " is recorded in " << path << "\n";
    return k_exit_findings;
  }
  return k_exit_ok;
}

const CommandRegistration k_history{{
    "history",
    "history ECOSYSTEM:NAME [--db FILE] [--format text|json]",
    "capability and risk timeline of one package over every version in the risk database",
    {
        {"db", 0, true, false, "FILE", "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"},
        {"format", 'f', true, false, "FORMAT", "text (default) or json"},
    },
    run_history,
}};

}  // namespace

}  // namespace tarsier::cli
