// tarsier audit verify | audit export: the risk database's hash-chained audit log (scans, policy
// changes, alerts, prunes). The same actions as `db verify` and `db audit-export`
// (db_maintenance.cpp), under the names people look for.
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/cli/db_maintenance.h"

namespace tarsier::cli {

namespace {

int run_audit(const ParsedArgs& args) {
  const std::string action = args.positional.empty() ? "" : args.positional[0];
  if (args.positional.size() != 1 || (action != "verify" && action != "export")) {
    std::cerr << "tarsier audit: expected 'verify' or 'export'\n";
    return k_exit_usage;
  }
  return run_db_maintenance(action == "verify" ? "verify" : "audit-export", args);
}

const CommandRegistration k_audit{{
    "audit",
    "audit verify [--format text|json] | audit export",
    "verify the risk database's hash-chained audit log, or export it as JSON lines",
    {
        {"db", 0, true, false, "FILE|URL",
         "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"},
        {"format", 'f', true, false, "FORMAT", "verify output: text (default) or json"},
    },
    run_audit,
}};

}  // namespace

}  // namespace tarsier::cli
