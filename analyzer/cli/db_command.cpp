// `tarsier db import-osv PATH...` and `tarsier db status`: the known-malware intelligence kept in
// the risk database (OSV records), imported from directories or all.zip exports.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzer/cli/command.h"
#include "analyzer/cli/db_maintenance.h"
#include "analyzer/db/backend.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_import.h"

namespace tarsier::cli {

namespace {

void print_stats(const OsvImportStats& s, bool quiet) {
  for (const auto& problem : s.malformed) {
    std::cerr << problem.str() << " (record skipped)\n";
  }
  if (quiet) {
    return;
  }
  std::cout << s.source << ": " << s.files << " files, " << s.added << " added, " << s.updated
            << " updated, " << s.unchanged << " unchanged, " << s.withdrawn << " withdrawn, "
            << s.unrelated << " without npm or PyPI packages, " << s.malformed.size()
            << " malformed\n";
}

int run_import(const ParsedArgs& args, RiskDb& db) {
  if (args.positional.size() < 2) {
    std::cerr << "tarsier db import-osv: expected at least one directory or all.zip\n";
    return k_exit_usage;
  }
  if (args.has("source") && args.positional.size() != 2) {
    std::cerr << "tarsier db import-osv: --source names one PATH\n";
    return k_exit_usage;
  }
  int exit_code = k_exit_ok;
  for (size_t i = 1; i < args.positional.size(); ++i) {
    OsvImportStats stats;
    auto imported = import_osv(db, args.positional[i], args.get("source"), &stats);
    print_stats(stats, args.has("quiet"));
    if (!imported) {
      std::cerr << "tarsier db import-osv: " << imported.error().str() << "\n";
      exit_code = k_exit_usage;
    } else if (!stats.malformed.empty() && exit_code == k_exit_ok) {
      exit_code = k_exit_incomplete;
    }
  }
  return exit_code;
}

int run_status(const ParsedArgs& args, RiskDb& db) {
  auto listed = db.osv_sources();
  if (!listed) {
    std::cerr << "tarsier db status: " << listed.error().str() << "\n";
    return k_exit_usage;
  }
  const std::vector<OsvSourceStatus>& sources = *listed;
  if (args.get("format", "text") == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : sources) {
      out.push_back({{"source", s.source},
                     {"records", s.records},
                     {"withdrawn", s.withdrawn},
                     {"packages", s.packages},
                     {"newest_record", s.newest_id},
                     {"newest_modified", s.newest_modified},
                     {"last_import", s.last_import}});
    }
    std::cout
        << nlohmann::json{{"database", db::display_target(db.path())}, {"osv_sources", out}}.dump(2)
        << "\n";
    return k_exit_ok;
  }
  std::cout << "risk database: " << db::display_target(db.path()) << " (schema "
            << db.schema_version() << ")\n";
  if (sources.empty()) {
    std::cout << "no OSV records imported (tarsier db import-osv PATH)\n";
  }
  for (const auto& s : sources) {
    std::cout << s.source << "\n  " << s.records << " records (" << s.withdrawn << " withdrawn), "
              << s.packages << " affected npm/PyPI packages\n  newest record " << s.newest_id
              << " modified " << s.newest_modified << "\n  last import " << s.last_import << "\n";
  }
  return k_exit_ok;
}

int run_db(const ParsedArgs& args) {
  const std::string action = args.positional.empty() ? "" : args.positional[0];
  if (action == "prune" || action == "verify" || action == "audit-export") {
    return run_db_maintenance(action, args);
  }
  if (action != "import-osv" && action != "status") {
    std::cerr << "tarsier db: expected 'import-osv PATH...', 'status', 'prune', 'verify' or "
                 "'audit-export'\n";
    return k_exit_usage;
  }
  std::string format = args.get("format", "text");
  if (format != "text" && format != "json") {
    std::cerr << "tarsier db: unknown --format '" << format << "' (expected text or json)\n";
    return k_exit_usage;
  }
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (action == "status" && !std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier db status: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  auto db = RiskDb::open(path);
  if (!db) {
    std::cerr << "tarsier db: " << db.error().str() << "\n";
    return k_exit_usage;
  }
  return action == "status" ? run_status(args, **db) : run_import(args, **db);
}

const CommandRegistration k_db{{
    "db",
    "db import-osv [--source NAME] PATH... | db status [--format text|json] | db prune "
    "[--keep DURATION] [--keep-scans N] | db verify | db audit-export",
    "import OSV records of known malware, show what the risk database holds, prune old scans, "
    "verify or export the audit log",
    {
        {"db", 0, true, false, "FILE", "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"},
        {"source", 0, true, false, "NAME", "name the imported source (default: its absolute path)"},
        {"format", 'f', true, false, "FORMAT", "status output: text (default) or json"},
        {"quiet", 'q', false, false, "", "print only malformed records"},
        {"keep", 0, true, false, "DURATION", "prune: drop scans older than this (e.g. 90d)"},
        {"keep-scans", 0, true, false, "N", "prune: keep the N newest scans of each project"},
        {"actor", 0, true, false, "NAME", "prune: who prunes, for the audit log (default: $USER)"},
    },
    run_db,
}};

}  // namespace

}  // namespace tarsier::cli
