// `tarsier db import-osv`: OSV records from a directory tree (any layout, including the OpenSSF
// malicious-packages repository's osv/malicious/<ecosystem>/<name>/MAL-*.json with withdrawn
// records under osv/withdrawn/) or from an OSV all.zip export (read in memory with libarchive)
// into the risk database. Incremental: a record whose `modified` time and withdrawn state are
// unchanged is not written again. A malformed record is reported and skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/result.h"

namespace tarsier {

class RiskDb;

struct OsvImportStats {
  std::string source;     // the source name the records were stored under
  int64_t files = 0;      // JSON files read
  int64_t added = 0;      // records new to the source
  int64_t updated = 0;    // records replaced (newer `modified`, or withdrawn state changed)
  int64_t unchanged = 0;  // records skipped as already current
  int64_t withdrawn = 0;  // of the records read, those withdrawn
  int64_t unrelated = 0;  // records naming no npm or PyPI package (not stored)
  std::vector<Diagnostic> malformed;  // skipped records, "file:line:col: expected ..."
};

// Largest record file read (bigger ones are reported as malformed).
inline constexpr size_t k_max_osv_record_bytes = 8u << 20;

// Imports `path` (a directory or a .zip file). `source` names the source in the database; ""
// uses the absolute path. An error when the path cannot be read at all or the database write
// fails (records written in earlier batches stay).
Result<void> import_osv(RiskDb& db, const std::string& path, const std::string& source,
                        OsvImportStats* stats);

}  // namespace tarsier
