// `tarsier db prune`, `tarsier db verify` and `tarsier db audit-export`: retention and the audit
// log of the risk database.
#pragma once

#include <string>

#include "analyzer/cli/command.h"

namespace tarsier::cli {

int run_db_maintenance(const std::string& action, const ParsedArgs& args);

}  // namespace tarsier::cli
