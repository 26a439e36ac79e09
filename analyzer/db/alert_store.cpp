#include "analyzer/db/alert_store.h"

#include <chrono>

#include "analyzer/db/audit_log.h"
#include "analyzer/db/statement.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

using db::Backend;
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
  Backend* db = m_db->handle();
  std::string now(k_now);
  int64_t id = 0;
  bool added = false;
  auto done = db::in_transaction(db, [&]() -> Result<void> {
    auto insert = Statement::prepare(
        db,
        "INSERT INTO alerts (dedup_key, raised_at, type, severity, ecosystem, name, version, "
        "previous_version, message, evidence) VALUES (?, " +
            now + ", ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    if (!insert) {
      return insert.error();
    }
    auto ran = insert->bind(1, alert.dedup_key)
                   .bind(2, alert.type)
                   .bind(3, to_string(alert.severity))
                   .bind(4, alert.ecosystem)
                   .bind(5, alert.name)
                   .bind(6, alert.version)
                   .bind(7, alert.previous_version)
                   .bind(8, alert.message)
                   .bind(9, alert.evidence)
                   .run();
    if (!ran) {
      return ran;
    }
    added = insert->changes() > 0;
    auto find = Statement::prepare(db, "SELECT id FROM alerts WHERE dedup_key = ?");
    if (!find) {
      return find.error();
    }
    auto row = find->bind(1, alert.dedup_key).step();
    if (!row || !*row) {
      return row ? db::db_error("alert " + alert.dedup_key + " missing after its insert")
                 : row.error();
    }
    id = find->integer(0);
    find->reset();
    if (!added) {
      return {};
    }
    auto add = Statement::prepare(db,
                                  "INSERT INTO alert_deliveries (alert_id, sink, state, "
                                  "next_attempt_at) VALUES (?, ?, 'pending', " +
                                      now + ") ON CONFLICT DO NOTHING");
    if (!add) {
      return add.error();
    }
    for (const auto& sink : sinks) {
      auto queued = add->bind(1, id).bind(2, sink).run();
      if (!queued) {
        return queued;
      }
      add->reset();
    }
    return db::append_audit(db, "alert-raised", db::default_actor(), subject_of(id),
                            raised_details(alert));
  });
  if (!done) {
    return done.error();
  }
  *inserted = added;
  return id;
}

Result<std::vector<std::pair<DeliveryRecord, AlertRecord>>> AlertStore::due(
    const std::string& sink, const std::string& now) const {
  std::vector<std::pair<DeliveryRecord, AlertRecord>> out;
  auto s = Statement::prepare(
      m_db->handle(), "SELECT " + std::string(k_delivery_columns) + ", " +
                          std::string(k_alert_columns) +
                          " FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
                          "WHERE d.sink = ? AND d.state = 'pending' AND d.next_attempt_at <= ? "
                          "ORDER BY a.id");
  if (!s) {
    return s.error();
  }
  auto done = s->bind(1, sink).bind(2, now).each(
      [&](const Statement& row) { out.emplace_back(read_delivery(row), read_alert(row, 7)); });
  if (!done) {
    return done.error();
  }
  return out;
}

Result<void> AlertStore::mark_delivered(int64_t alert_id, const std::string& sink) {
  Backend* db = m_db->handle();
  return db::in_transaction(db, [&]() -> Result<void> {
    auto s = Statement::prepare(
        db,
        "UPDATE alert_deliveries SET state = 'delivered', attempts = attempts + 1, "
        "delivered_at = " +
            std::string(k_now) +
            ", last_error = NULL WHERE alert_id = ? AND sink = ? AND state = 'pending'");
    if (!s) {
      return s.error();
    }
    auto ran = s->bind(1, alert_id).bind(2, sink).run();
    if (!ran || s->changes() == 0) {
      return ran;
    }
    return db::append_audit(db, "alert-delivered", db::default_actor(), subject_of(alert_id),
                            {{"sink", sink}});
  });
}

Result<void> AlertStore::mark_failed(int64_t alert_id, const std::string& sink,
                                     const std::string& error_text,
                                     const std::string& next_attempt_at) {
  auto s = Statement::prepare(m_db->handle(),
                              "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = "
                              "?, next_attempt_at = ? WHERE alert_id = ? AND sink = ?");
  if (!s) {
    return s.error();
  }
  return s->bind(1, error_text).bind(2, next_attempt_at).bind(3, alert_id).bind(4, sink).run();
}

Result<std::string> AlertStore::next_attempt(const std::vector<std::string>& sinks) const {
  std::string soonest;
  auto s = Statement::prepare(m_db->handle(),
                              "SELECT min(next_attempt_at) FROM alert_deliveries WHERE sink = ? "
                              "AND state = 'pending'");
  if (!s) {
    return s.error();
  }
  for (const auto& sink : sinks) {
    auto row = s->bind(1, sink).step();
    if (!row) {
      return row.error();
    }
    if (*row && !s->is_null(0)) {
      std::string t = s->text(0);
      if (soonest.empty() || t < soonest) {
        soonest = t;
      }
    }
    s->reset();
  }
  return soonest;
}

Result<std::vector<AlertRecord>> AlertStore::list(bool all) const {
  std::vector<AlertRecord> out;
  auto s = Statement::prepare(m_db->handle(),
                              "SELECT " + std::string(k_alert_columns) + " FROM alerts a" +
                                  (all ? "" : " WHERE a.acked_at IS NULL") + " ORDER BY a.id DESC");
  if (!s) {
    return s.error();
  }
  auto done = s->each([&](const Statement& row) { out.push_back(read_alert(row, 0)); });
  if (!done) {
    return done.error();
  }
  return out;
}

Result<std::vector<DeliveryRecord>> AlertStore::deliveries(int64_t alert_id) const {
  std::vector<DeliveryRecord> out;
  auto s = Statement::prepare(m_db->handle(),
                              "SELECT " + std::string(k_delivery_columns) +
                                  " FROM alert_deliveries d WHERE d.alert_id = ? ORDER BY d.sink");
  if (!s) {
    return s.error();
  }
  auto done =
      s->bind(1, alert_id).each([&](const Statement& row) { out.push_back(read_delivery(row)); });
  if (!done) {
    return done.error();
  }
  return out;
}

Result<void> AlertStore::acknowledge(int64_t alert_id, const std::string& actor) {
  Backend* db = m_db->handle();
  std::string now = utc_iso(std::chrono::system_clock::now());
  return db::in_transaction(db, [&]() -> Result<void> {
    auto find = Statement::prepare(db, "SELECT acked_at IS NULL FROM alerts WHERE id = ?");
    if (!find) {
      return find.error();
    }
    auto row = find->bind(1, alert_id).step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return db::db_error("no alert with id " + std::to_string(alert_id));
    }
    bool was_open = find->integer(0) != 0;
    find->reset();
    if (!was_open) {
      return {};
    }
    auto s = Statement::prepare(db, "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ?");
    if (!s) {
      return s.error();
    }
    auto ran = s->bind(1, now).bind(2, actor).bind(3, alert_id).run();
    if (!ran) {
      return ran;
    }
    return db::append_audit(db, "alert-acknowledged", actor, subject_of(alert_id),
                            {{"at", now}, {"by", actor}}, now);
  });
}

}  // namespace tarsier
