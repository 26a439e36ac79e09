#include "analyzer/db/alert_store.h"

#include <chrono>

#include "analyzer/db/audit_log.h"
#include "analyzer/db/statement.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

using db::Statement;

namespace {

constexpr std::string_view k_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

constexpr std::string_view k_alert_columns =
    "a.id, a.dedup_key, a.raised_at, a.type, a.severity, a.ecosystem, a.name, a.version, "
    "a.previous_version, a.message, a.evidence, coalesce(a.acked_at, ''), "
    "coalesce(a.acked_by, '')";

AlertRecord read_alert(const Statement& s, int first) {
  AlertRecord a;
  a.id = s.integer(first);
  a.dedup_key = s.text(first + 1);
  a.raised_at = s.text(first + 2);
  a.type = s.text(first + 3);
  a.severity = parse_risk(s.text(first + 4)).value_or(Risk::medium);
  a.ecosystem = s.text(first + 5);
  a.name = s.text(first + 6);
  a.version = s.text(first + 7);
  a.previous_version = s.text(first + 8);
  a.message = s.text(first + 9);
  a.evidence = s.text(first + 10);
  a.acked_at = s.text(first + 11);
  a.acked_by = s.text(first + 12);
  return a;
}

constexpr std::string_view k_delivery_columns =
    "d.alert_id, d.sink, d.state, d.attempts, d.next_attempt_at, coalesce(d.delivered_at, ''), "
    "coalesce(d.last_error, '')";

DeliveryRecord read_delivery(const Statement& s) {
  return DeliveryRecord{s.integer(0), s.text(1), s.text(2), static_cast<int>(s.integer(3)),
                        s.text(4),    s.text(5), s.text(6)};
}

// What the audit log records about a raised alert (db::verify_audit compares the row with it).
nlohmann::json raised_details(const AlertRecord& a) {
  return {{"dedup_key", a.dedup_key}, {"type", a.type},        {"severity", to_string(a.severity)},
          {"ecosystem", a.ecosystem}, {"name", a.name},        {"version", a.version},
          {"message", a.message},     {"evidence", a.evidence}};
}

std::string subject_of(int64_t alert_id) {
  return "alert:" + std::to_string(alert_id);
}

}  // namespace

AlertStore::AlertStore(std::unique_ptr<db::Connection> connection) : m_db(std::move(connection)) {}

Result<std::unique_ptr<AlertStore>> AlertStore::open(const std::string& path) {
  auto connection = db::Connection::open(path);
  if (!connection) {
    return connection.error();
  }
  return std::unique_ptr<AlertStore>(new AlertStore(std::move(*connection)));
}

Result<int64_t> AlertStore::raise(const AlertRecord& alert, const std::vector<std::string>& sinks,
                                  bool* inserted) {
  *inserted = false;
  std::string error;
  if (!m_db->begin(&error)) {
    return db::db_error(error);
  }
  std::string now(k_now);
  Statement insert(m_db->handle(),
                   "INSERT INTO alerts (dedup_key, raised_at, type, severity, ecosystem, name, "
                   "version, previous_version, message, evidence) VALUES (?, " +
                       now + ", ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   &error);
  bool ok = insert.valid() && insert.bind(1, alert.dedup_key)
                                  .bind(2, alert.type)
                                  .bind(3, to_string(alert.severity))
                                  .bind(4, alert.ecosystem)
                                  .bind(5, alert.name)
                                  .bind(6, alert.version)
                                  .bind(7, alert.previous_version)
                                  .bind(8, alert.message)
                                  .bind(9, alert.evidence)
                                  .run(&error);
  *inserted = ok && insert.changes() > 0;
  Statement find(m_db->handle(), "SELECT id FROM alerts WHERE dedup_key = ?", &error);
  ok = ok && find.valid() && find.bind(1, alert.dedup_key).step(&error);
  int64_t id = ok ? find.integer(0) : 0;
  find.reset();
  if (ok && *inserted) {
    Statement add(m_db->handle(),
                  "INSERT INTO alert_deliveries (alert_id, sink, state, next_attempt_at) "
                  "VALUES (?, ?, 'pending', " +
                      now + ") ON CONFLICT DO NOTHING",
                  &error);
    for (const auto& sink : sinks) {
      ok = ok && add.valid() && add.bind(1, id).bind(2, sink).run(&error);
      add.reset();
    }
    ok = ok && db::append_audit(m_db->handle(), "alert-raised", db::default_actor(), subject_of(id),
                                raised_details(alert), &error);
  }
  if (!ok || !m_db->commit(&error)) {
    m_db->rollback();
    *inserted = false;
    return db::db_error(error);
  }
  return id;
}

Result<std::vector<std::pair<DeliveryRecord, AlertRecord>>> AlertStore::due(
    const std::string& sink, const std::string& now) const {
  std::string error;
  std::vector<std::pair<DeliveryRecord, AlertRecord>> out;
  Statement s(m_db->handle(),
              "SELECT " + std::string(k_delivery_columns) + ", " + std::string(k_alert_columns) +
                  " FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
                  "WHERE d.sink = ? AND d.state = 'pending' AND d.next_attempt_at <= ? "
                  "ORDER BY a.id",
              &error);
  if (s.valid()) {
    s.bind(1, sink).bind(2, now);
  }
  while (s.valid() && s.step(&error)) {
    out.emplace_back(read_delivery(s), read_alert(s, 7));
  }
  if (!error.empty()) {
    return db::db_error(error);
  }
  return out;
}

Result<void> AlertStore::mark_delivered(int64_t alert_id, const std::string& sink) {
  std::string error;
  if (!m_db->begin(&error)) {
    return db::db_error(error);
  }
  Statement s(m_db->handle(),
              "UPDATE alert_deliveries SET state = 'delivered', attempts = attempts + 1, "
              "delivered_at = " +
                  std::string(k_now) +
                  ", last_error = NULL WHERE alert_id = ? AND sink = ? AND state = 'pending'",
              &error);
  bool ok = s.valid() && s.bind(1, alert_id).bind(2, sink).run(&error);
  if (ok && s.changes() > 0) {
    ok = db::append_audit(m_db->handle(), "alert-delivered", db::default_actor(),
                          subject_of(alert_id), {{"sink", sink}}, &error);
  }
  if (!ok || !m_db->commit(&error)) {
    m_db->rollback();
    return db::db_error(error);
  }
  return {};
}

Result<void> AlertStore::mark_failed(int64_t alert_id, const std::string& sink,
                                     const std::string& error_text,
                                     const std::string& next_attempt_at) {
  std::string error;
  Statement s(m_db->handle(),
              "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, "
              "next_attempt_at = ? WHERE alert_id = ? AND sink = ?",
              &error);
  if (!s.valid() ||
      !s.bind(1, error_text).bind(2, next_attempt_at).bind(3, alert_id).bind(4, sink).run(&error)) {
    return db::db_error(error);
  }
  return {};
}

Result<std::string> AlertStore::next_attempt(const std::vector<std::string>& sinks) const {
  std::string error;
  std::string soonest;
  Statement s(m_db->handle(),
              "SELECT min(next_attempt_at) FROM alert_deliveries WHERE sink = ? AND state = "
              "'pending'",
              &error);
  for (const auto& sink : sinks) {
    if (s.valid() && s.bind(1, sink).step(&error) && !s.is_null(0)) {
      std::string t = s.text(0);
      if (soonest.empty() || t < soonest) {
        soonest = t;
      }
    }
    s.reset();
  }
  if (!error.empty()) {
    return db::db_error(error);
  }
  return soonest;
}

Result<std::vector<AlertRecord>> AlertStore::list(bool all) const {
  std::string error;
  std::vector<AlertRecord> out;
  Statement s(m_db->handle(),
              "SELECT " + std::string(k_alert_columns) + " FROM alerts a" +
                  (all ? "" : " WHERE a.acked_at IS NULL") + " ORDER BY a.id DESC",
              &error);
  while (s.valid() && s.step(&error)) {
    out.push_back(read_alert(s, 0));
  }
  if (!error.empty()) {
    return db::db_error(error);
  }
  return out;
}

Result<std::vector<DeliveryRecord>> AlertStore::deliveries(int64_t alert_id) const {
  std::string error;
  std::vector<DeliveryRecord> out;
  Statement s(m_db->handle(),
              "SELECT " + std::string(k_delivery_columns) +
                  " FROM alert_deliveries d WHERE d.alert_id = ? ORDER BY d.sink",
              &error);
  if (s.valid()) {
    s.bind(1, alert_id);
  }
  while (s.valid() && s.step(&error)) {
    out.push_back(read_delivery(s));
  }
  if (!error.empty()) {
    return db::db_error(error);
  }
  return out;
}

Result<void> AlertStore::acknowledge(int64_t alert_id, const std::string& actor) {
  std::string error;
  if (!m_db->begin(&error)) {
    return db::db_error(error);
  }
  std::string now = utc_iso(std::chrono::system_clock::now());
  Statement find(m_db->handle(), "SELECT acked_at IS NULL FROM alerts WHERE id = ?", &error);
  std::string step_error;
  bool found = find.valid() && find.bind(1, alert_id).step(&step_error);
  bool was_open = found && find.integer(0) != 0;
  find.reset();
  bool ok = found;
  if (!found) {
    error = step_error.empty() ? "no alert with id " + std::to_string(alert_id) : step_error;
  } else if (was_open) {
    Statement s(m_db->handle(), "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ?",
                &error);
    ok = s.valid() && s.bind(1, now).bind(2, actor).bind(3, alert_id).run(&error) &&
         db::append_audit(m_db->handle(), "alert-acknowledged", actor, subject_of(alert_id),
                          {{"at", now}, {"by", actor}}, &error, now);
  }
  if (!ok || !m_db->commit(&error)) {
    m_db->rollback();
    return db::db_error(error);
  }
  return {};
}

}  // namespace tarsier
