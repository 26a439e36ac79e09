// Alerts in the risk database (migration 4) and their delivery state per sink. An alert is
// written first, unique by its dedup key, together with one pending delivery row per configured
// sink; a sink then marks its row delivered, or failed with the time of the next attempt. So an
// event alerts once, and an undelivered alert survives a failed receiver and a restart.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/risk.h"
#include "analyzer/db/connection.h"

namespace tarsier {

struct AlertRecord {
  int64_t id = 0;
  std::string dedup_key;
  std::string raised_at;
  std::string type;  // e.g. "new-capability", "install-script-added"
  Risk severity = Risk::medium;
  std::string ecosystem, name, version, previous_version;
  std::string message;
  std::string evidence = "{}";  // JSON object
  std::string acked_at, acked_by;
};

struct DeliveryRecord {
  int64_t alert_id = 0;
  std::string sink;
  std::string state;  // "pending" or "delivered"
  int attempts = 0;
  std::string next_attempt_at, delivered_at, last_error;
};

class AlertStore {
 public:
  static std::unique_ptr<AlertStore> open(const std::string& path, std::string* error);

  // Inserts the alert and a pending delivery for each sink in one transaction. When an alert
  // with the same dedup key exists nothing changes and `*inserted` is false. Returns the id of
  // the stored alert; nullopt with `error`.
  std::optional<int64_t> raise(const AlertRecord& alert, const std::vector<std::string>& sinks,
                               bool* inserted, std::string* error);

  // Pending deliveries of `sink` due at or before `now` (oldest alert first), with their alerts.
  std::vector<std::pair<DeliveryRecord, AlertRecord>> due(const std::string& sink,
                                                          const std::string& now,
                                                          std::string* error) const;
  bool mark_delivered(int64_t alert_id, const std::string& sink, std::string* error);
  bool mark_failed(int64_t alert_id, const std::string& sink, const std::string& error_text,
                   const std::string& next_attempt_at, std::string* error);
  // The earliest next attempt among pending deliveries of these sinks ("" when none).
  std::string next_attempt(const std::vector<std::string>& sinks, std::string* error) const;

  // Alerts newest first; unacknowledged only unless `all`.
  std::vector<AlertRecord> list(bool all, std::string* error) const;
  std::vector<DeliveryRecord> deliveries(int64_t alert_id, std::string* error) const;
  // Acknowledges one alert; false with `error` when there is no such alert.
  bool acknowledge(int64_t alert_id, const std::string& actor, std::string* error);

 private:
  explicit AlertStore(std::unique_ptr<db::Connection> connection);
  std::unique_ptr<db::Connection> m_db;
};

}  // namespace tarsier
