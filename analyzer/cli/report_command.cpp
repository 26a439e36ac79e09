// `tarsier report --format html`: the dashboard of everything in the risk database as one
// self-contained HTML file.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/db/backend.h"
#include "analyzer/db/dashboard_load.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/report/html_report.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::cli {

namespace {

int run_report(const ParsedArgs& args) {
  std::string format = args.get("format", "html");
  if (format != "html") {
    std::cerr << "tarsier report: unknown --format '" << format << "' (expected html)\n";
    return k_exit_usage;
  }
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier report: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  auto db = RiskDb::open(path);  // applies missing migrations
  auto dashboard = db ? load_dashboard(path) : db.error();
  if (!dashboard) {
    std::cerr << "tarsier report: " << dashboard.error().str() << "\n";
    return k_exit_usage;
  }
  dashboard->generated_at = utc_iso(std::chrono::system_clock::now());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (args.has("output")) {
    file.open(args.get("output"), std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "tarsier report: cannot write " << args.get("output") << "\n";
      return k_exit_usage;
    }
    out = &file;
  }
  write_html_dashboard(*dashboard, *out);
  out->flush();
  return *out ? k_exit_ok : k_exit_usage;
}

const CommandRegistration k_report{{
    "report",
    "report --format html [-o FILE] [--db FILE]",
    "write a self-contained HTML dashboard of the risk database",
    {
        {"format", 'f', true, false, "FORMAT", "html (default)"},
        {"output", 'o', true, false, "FILE", "write to FILE instead of standard output"},
        {"db", 0, true, false, "FILE", "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"},
    },
    run_report,
}};

}  // namespace

}  // namespace tarsier::cli
