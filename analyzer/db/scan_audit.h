// Audit log entries for scans (analyzer/db/audit_log.h): `scan-started` and `scan-finished`
// (subject "scan:ID", with the command, project, counts and exit code), and `policy-changed`
// (subject "policy:PATH") when a scan applies a policy file whose SHA-256 differs from the last
// one the log recorded for that path (the first sighting of a path counts as a change from none).
// Each is appended inside the caller's write transaction, with the scan row it describes.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/db/backend.h"
#include "analyzer/db/risk_db.h"

namespace tarsier::db {

Result<void> audit_scan_started(Backend* db, int64_t scan_id, const ScanRecord& scan);

Result<void> audit_scan_finished(Backend* db, int64_t scan_id, const std::string& project,
                                 const ScanTotals& totals);

}  // namespace tarsier::db
