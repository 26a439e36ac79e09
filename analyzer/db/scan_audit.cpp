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
Result<std::string> last_policy_hash(Backend* db, const std::string& subject) {
  auto last = Statement::prepare(db,
                                 "SELECT details FROM audit_log WHERE event = 'policy-changed' "
                                 "AND subject = ? ORDER BY id DESC LIMIT 1");
  if (!last) {
    return last.error();
  }
  auto row = last->bind(1, subject).step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::string();
  }
  auto details = nlohmann::json::parse(last->text(0), nullptr, false);
  return details.is_object() ? details.value("sha256", "") : std::string();
}

Result<void> audit_policy(Backend* db, const std::string& path, int64_t scan_id) {
  std::string hash = file_sha256(path);
  if (hash.empty()) {
    return {};  // the scan reports an unreadable policy itself
  }
  std::string subject = "policy:" + path;
  auto previous = last_policy_hash(db, subject);
  if (!previous) {
    return previous.error();
  }
  if (*previous == hash) {
    return {};
  }
  nlohmann::json details = {
      {"path", path}, {"sha256", hash}, {"previous_sha256", *previous}, {"scan", scan_id}};
  return append_audit(db, "policy-changed", default_actor(), subject, details);
}

}  // namespace

Result<void> audit_scan_started(Backend* db, int64_t scan_id, const ScanRecord& scan) {
  nlohmann::json details = {{"command", scan.command},
                            {"project", scan.project},
                            {"inputs", scan.inputs},
                            {"policy", scan.policy},
                            {"tool_version", scan.tool_version},
                            {"ruleset_version", scan.ruleset_version}};
  auto started =
      append_audit(db, "scan-started", default_actor(), "scan:" + std::to_string(scan_id), details);
  if (!started || scan.policy.empty()) {
    return started;
  }
  return audit_policy(db, scan.policy, scan_id);
}

Result<void> audit_scan_finished(Backend* db, int64_t scan_id, const std::string& project,
                                 const ScanTotals& totals) {
  nlohmann::json details = {{"project", project},
                            {"packages", totals.packages},
                            {"analyzed", totals.analyzed},
                            {"failed", totals.failed},
                            {"suppressed", totals.suppressed},
                            {"exit_code", totals.exit_code}};
  return append_audit(db, "scan-finished", default_actor(), "scan:" + std::to_string(scan_id),
                      details);
}

}  // namespace tarsier::db
