// The append-only, hash-chained audit log of the risk database (migration 9): scans started and
// finished and policy changes (scan_audit.h), alerts raised,
// delivered and acknowledged, and database prunes, each with time and actor. Every entry stores
// the hash of the entry before it and its own SHA-256 over that hash and its fields, so editing,
// inserting or deleting an entry breaks the chain; verification also checks the alerts and their
// deliveries against what the log says about them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/db/backend.h"

namespace tarsier::db {

struct AuditEntry {
  int64_t id = 0;
  std::string at;     // UTC ISO-8601
  std::string event;  // scan-started, scan-finished, policy-changed, alert-*, db-pruned
  std::string actor;
  std::string subject;         // "alert:ID" or "database"
  std::string details = "{}";  // JSON object
  std::string prev_hash;
  std::string hash;
};

// The hash of the entry before the first one.
inline constexpr std::string_view k_audit_genesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (hex) over the previous hash, the id and every field of the entry.
std::string audit_hash(const AuditEntry& entry);

// Appends one entry inside the caller's write transaction (BEGIN IMMEDIATE on SQLite, a table
// lock on PostgreSQL), so the chain has one writer at a time. `at` is the current time when empty.
Result<void> append_audit(Backend* db, const std::string& event, const std::string& actor,
                          const std::string& subject, const nlohmann::json& details,
                          const std::string& at = "");

// USER@host of this process (or uid N@host).
std::string default_actor();

struct AuditVerification {
  int64_t entries = 0;
  std::string head;  // the last entry's hash: record it elsewhere to detect a cut-off tail
  std::vector<std::string> problems;  // empty when the chain and the alerts agree
};

Result<AuditVerification> verify_audit(Backend* db);

// Every entry in order, for export.
Result<std::vector<AuditEntry>> audit_entries(Backend* db);

}  // namespace tarsier::db
