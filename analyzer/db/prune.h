// Retention for the risk database (`tarsier db prune`): drops old scans, then the analyses no
// remaining scan uses, then the file-level result cache's outcomes of analyzer versions no
// remaining analysis has or stored before the cutoff. Never drops an unacknowledged alert, a scan
// still running, a project's latest scan (the analyses of the versions it uses), the analyses of
// watched packages (the history the anomaly rules compare with), package rows (integrity history),
// OSV records or the audit log. Acknowledged alerts older than the cutoff go; the prune is itself
// audited.
#pragma once

#include <optional>
#include <string>

#include "analyzer/core/result.h"

namespace tarsier::db {

struct PruneOptions {
  std::string before;   // drop scans started before this UTC time ("" = no age limit)
  int keep_scans = -1;  // keep this many newest scans per project (-1 = no count limit)
  std::string actor;
};

struct PruneStats {
  int scans = 0;
  int analyses = 0;
  int file_results = 0;  // file-level result cache rows
  int alerts = 0;
};

Result<PruneStats> prune_database(const std::string& path, const PruneOptions& options);

}  // namespace tarsier::db
