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
  static Result<std::unique_ptr<AlertStore>> open(const std::string& path);

  // Inserts the alert and a pending delivery for each sink in one transaction. When an alert
  // with the same dedup key exists nothing changes and `*inserted` is false. Returns the id of
  // the stored alert.
  Result<int64_t> raise(const AlertRecord& alert, const std::vector<std::string>& sinks,
                        bool* inserted);

  // Pending deliveries of `sink` due at or before `now` (oldest alert first), with their alerts.
  Result<std::vector<std::pair<DeliveryRecord, AlertRecord>>> due(const std::string& sink,
                                                                  const std::string& now) const;
  Result<void> mark_delivered(int64_t alert_id, const std::string& sink);
  Result<void> mark_failed(int64_t alert_id, const std::string& sink, const std::string& error_text,
                           const std::string& next_attempt_at);
  // The earliest next attempt among pending deliveries of these sinks ("" when none).
  Result<std::string> next_attempt(const std::vector<std::string>& sinks) const;

  // Alerts newest first; unacknowledged only unless `all`.
  Result<std::vector<AlertRecord>> list(bool all) const;
  Result<std::vector<DeliveryRecord>> deliveries(int64_t alert_id) const;
  // Acknowledges one alert; an error when there is no such alert.
  Result<void> acknowledge(int64_t alert_id, const std::string& actor);

 private:
  explicit AlertStore(std::unique_ptr<db::Connection> connection);
  std::unique_ptr<db::Connection> m_db;
};

}  // namespace tarsier
