#include "analyzer/db/audit_log.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "analyzer/db/statement.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::db {

namespace {

AuditEntry read_entry(const Statement& s) {
  return AuditEntry{s.integer(0), s.text(1), s.text(2), s.text(3),
                    s.text(4),    s.text(5), s.text(6), s.text(7)};
}

nlohmann::json details_of(const AuditEntry& entry) {
  nlohmann::json value;
  JsonTextError error;
  if (!parse_json_text(entry.details, &value, &error) || !value.is_object()) {
    return nlohmann::json::object();
  }
  return value;
}

// What the log says about the alerts: raised fields, acknowledgements, deliveries, prunes.
struct AlertClaims {
  std::map<int64_t, nlohmann::json> raised;
  std::map<int64_t, nlohmann::json> acked;
  std::set<std::pair<int64_t, std::string>> delivered;
  std::set<int64_t> pruned;
};

int64_t alert_id_of(const std::string& subject) {
  return subject.rfind("alert:", 0) == 0 ? std::atoll(subject.c_str() + 6) : 0;
}

void collect_claim(const AuditEntry& e, AlertClaims* claims) {
  nlohmann::json d = details_of(e);
  int64_t id = alert_id_of(e.subject);
  if (e.event == "alert-raised") {
    claims->raised[id] = d;
  } else if (e.event == "alert-acknowledged") {
    claims->acked[id] = d;
  } else if (e.event == "alert-delivered" && d.contains("sink") && d["sink"].is_string()) {
    claims->delivered.insert({id, d["sink"].get<std::string>()});
  } else if (e.event == "db-pruned" && d.contains("alerts") && d["alerts"].is_array()) {
    for (const auto& pruned : d["alerts"]) {
      if (pruned.is_number_integer()) {
        claims->pruned.insert(pruned.get<int64_t>());
      }
    }
  }
}

nlohmann::json raised_details(const Statement& s) {
  return {{"dedup_key", s.text(1)}, {"type", s.text(2)},    {"severity", s.text(3)},
          {"ecosystem", s.text(4)}, {"name", s.text(5)},    {"version", s.text(6)},
          {"message", s.text(7)},   {"evidence", s.text(8)}};
}

// One alert row against the claims; the first audit time bounds older alerts.
void check_alert(const Statement& s, const AlertClaims& claims, const std::string& first_at,
                 std::vector<std::string>* problems) {
  int64_t id = s.integer(0);
  std::string label = "alert " + std::to_string(id);
  auto raised = claims.raised.find(id);
  if (raised == claims.raised.end()) {
    if (first_at.empty() || s.text(11) >= first_at) {
      problems->push_back(label + ": not in the audit log");
    }
    return;
  }
  if (raised->second != raised_details(s)) {
    problems->push_back(label + ": differs from the audit log entry that raised it");
  }
  auto acked = claims.acked.find(id);
  bool is_acked = !s.is_null(9);
  if (is_acked != (acked != claims.acked.end()) ||
      (is_acked && acked->second != nlohmann::json{{"at", s.text(9)}, {"by", s.text(10)}})) {
    problems->push_back(label + ": acknowledgement differs from the audit log");
  }
}

// Alerts and deliveries against the claims.
Result<void> check_alerts(Backend* db, const AlertClaims& claims, const std::string& first_at,
                          std::vector<std::string>* problems) {
  auto s = Statement::prepare(
      db,
      "SELECT id, dedup_key, type, severity, ecosystem, name, version, message, evidence, "
      "acked_at, acked_by, raised_at FROM alerts ORDER BY id");
  if (!s) {
    return s.error();
  }
  std::set<int64_t> present;
  auto read = s->each([&](const Statement& row) {
    present.insert(row.integer(0));
    check_alert(row, claims, first_at, problems);
  });
  if (!read) {
    return read;
  }
  for (const auto& [id, details] : claims.raised) {
    if (present.count(id) == 0 && claims.pruned.count(id) == 0) {
      problems->push_back("alert " + std::to_string(id) + ": deleted outside tarsier db prune");
    }
  }
  auto d = Statement::prepare(
      db, "SELECT alert_id, sink FROM alert_deliveries WHERE state = 'delivered'");
  if (!d) {
    return d.error();
  }
  return d->each([&](const Statement& row) {
    if (claims.raised.count(row.integer(0)) != 0 &&
        claims.delivered.count({row.integer(0), row.text(1)}) == 0) {
      problems->push_back("alert " + std::to_string(row.integer(0)) + ": delivery to " +
                          row.text(1) + " is not in the audit log");
    }
  });
}

}  // namespace

std::string audit_hash(const AuditEntry& e) {
  std::string text = e.prev_hash + '\n' + std::to_string(e.id) + '\n' + e.at + '\n' + e.event +
                     '\n' + e.actor + '\n' + e.subject + '\n' + e.details;
  return hex_digest("sha256", text);
}

Result<void> append_audit(Backend* db, const std::string& event, const std::string& actor,
                          const std::string& subject, const nlohmann::json& details,
                          const std::string& at) {
  // SQLite's BEGIN IMMEDIATE already admits one writer; PostgreSQL needs the table locked.
  if (db->dialect() == Dialect::postgres) {
    auto locked = exec(db, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE");
    if (!locked) {
      return locked;
    }
  }
  auto last = Statement::prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (!last) {
    return last.error();
  }
  AuditEntry e;
  e.id = 1;
  e.prev_hash = std::string(k_audit_genesis);
  auto row = last->step();
  if (!row) {
    return row.error();
  }
  if (*row) {
    e.id = last->integer(0) + 1;
    e.prev_hash = last->text(1);
  }
  last->reset();
  e.at = at.empty() ? utc_iso(std::chrono::system_clock::now()) : at;
  e.event = event;
  e.actor = actor;
  e.subject = subject;
  e.details = json_text(details);
  e.hash = audit_hash(e);
  auto insert = Statement::prepare(db,
                                   "INSERT INTO audit_log (id, at, event, actor, subject, "
                                   "details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) {
    return insert.error();
  }
  return insert->bind(1, e.id)
      .bind(2, e.at)
      .bind(3, e.event)
      .bind(4, e.actor)
      .bind(5, e.subject)
      .bind(6, e.details)
      .bind(7, e.prev_hash)
      .bind(8, e.hash)
      .run();
}

std::string default_actor() {
  const char* user = std::getenv("USER");
  std::string name = user != nullptr && *user != '\0' ? user : "uid " + std::to_string(getuid());
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0 && host[0] != '\0') {
    name += std::string("@") + host;
  }
  return name;
}

Result<std::vector<AuditEntry>> audit_entries(Backend* db) {
  std::vector<AuditEntry> out;
  auto s = Statement::prepare(
      db,
      "SELECT id, at, event, actor, subject, details, prev_hash, hash FROM audit_log ORDER "
      "BY id");
  if (!s) {
    return s.error();
  }
  auto read = s->each([&](const Statement& row) { out.push_back(read_entry(row)); });
  if (!read) {
    return read.error();
  }
  return out;
}

Result<AuditVerification> verify_audit(Backend* db) {
  auto read = audit_entries(db);
  if (!read) {
    return read.error();
  }
  const std::vector<AuditEntry>& entries = *read;
  AuditVerification v;
  v.entries = static_cast<int64_t>(entries.size());
  std::string prev(k_audit_genesis);
  int64_t expected_id = 1;
  AlertClaims claims;
  for (const auto& e : entries) {
    std::string label = "audit entry " + std::to_string(e.id);
    if (e.id != expected_id) {
      v.problems.push_back(label + ": expected entry " + std::to_string(expected_id) +
                           " (entries missing)");
    }
    if (e.prev_hash != prev) {
      v.problems.push_back(label + ": does not follow the entry before it");
    }
    if (audit_hash(e) != e.hash) {
      v.problems.push_back(label + ": content does not match its hash (edited)");
    }
    prev = e.hash;
    expected_id = e.id + 1;
    collect_claim(e, &claims);
  }
  v.head = entries.empty() ? "" : entries.back().hash;
  auto checked = check_alerts(db, claims, entries.empty() ? "" : entries.front().at, &v.problems);
  if (!checked) {
    return checked.error();
  }
  return v;
}

}  // namespace tarsier::db
