#include "analyzer/db/scan_audit.h"

#include <fstream>
#include <sstream>

#include "analyzer/db/audit_log.h"
#include "analyzer/db/statement.h"
#include "analyzer/util/integrity.h"

namespace tarsier::db {

namespace {

// SHA-256 (hex) of the file's bytes; "" when it cannot be read.
std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return "";
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return hex_digest("sha256", bytes.str());
}

// The hash the log last recorded for the policy at `subject`; "" when none.
bool last_policy_hash(Backend* db, const std::string& subject, std::string* hash,
                      std::string* error) {
  Statement last(db,
                 "SELECT details FROM audit_log WHERE event = 'policy-changed' AND subject = ? "
                 "ORDER BY id DESC LIMIT 1",
                 error);
  if (!last.valid()) {
    return false;
  }
  std::string step_error;
  if (last.bind(1, subject).step(&step_error)) {
    auto details = nlohmann::json::parse(last.text(0), nullptr, false);
    *hash = details.is_object() ? details.value("sha256", "") : "";
  } else if (!step_error.empty()) {
    *error = step_error;
    return false;
  }
  return true;
}

bool audit_policy(Backend* db, const std::string& path, int64_t scan_id, std::string* error) {
  std::string hash = file_sha256(path);
  if (hash.empty()) {
    return true;  // the scan reports an unreadable policy itself
  }
  std::string subject = "policy:" + path;
  std::string previous;
  if (!last_policy_hash(db, subject, &previous, error)) {
    return false;
  }
  if (previous == hash) {
    return true;
  }
  nlohmann::json details = {
      {"path", path}, {"sha256", hash}, {"previous_sha256", previous}, {"scan", scan_id}};
  return append_audit(db, "policy-changed", default_actor(), subject, details, error);
}

}  // namespace

bool audit_scan_started(Backend* db, int64_t scan_id, const ScanRecord& scan, std::string* error) {
  nlohmann::json details = {{"command", scan.command},
                            {"project", scan.project},
                            {"inputs", scan.inputs},
                            {"policy", scan.policy},
                            {"tool_version", scan.tool_version},
                            {"ruleset_version", scan.ruleset_version}};
  if (!append_audit(db, "scan-started", default_actor(), "scan:" + std::to_string(scan_id), details,
                    error)) {
    return false;
  }
  return scan.policy.empty() || audit_policy(db, scan.policy, scan_id, error);
}

bool audit_scan_finished(Backend* db, int64_t scan_id, const std::string& project,
                         const ScanTotals& totals, std::string* error) {
  nlohmann::json details = {{"project", project},
                            {"packages", totals.packages},
                            {"analyzed", totals.analyzed},
                            {"failed", totals.failed},
                            {"suppressed", totals.suppressed},
                            {"exit_code", totals.exit_code}};
  return append_audit(db, "scan-finished", default_actor(), "scan:" + std::to_string(scan_id),
                      details, error);
}

}  // namespace tarsier::db
