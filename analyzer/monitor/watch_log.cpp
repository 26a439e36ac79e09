#include "analyzer/monitor/watch_log.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "analyzer/util/json_text.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

using nlohmann::json;

void line(std::ostream& out, const std::string& ts, const char* level, const char* event,
          json fields) {
  json object = {{"ts", ts}, {"level", level}, {"event", event}};
  object.update(fields);
  out << json_text(object) << "\n";
}

void write_change(const VersionChange& c, const std::string& ts, std::ostream& out) {
  std::string package = c.ecosystem + ":" + c.name + "@" + c.version;
  if (!c.error.empty()) {
    line(out, ts, "error", "analysis-failed", {{"package", package}, {"message", c.error}});
    return;
  }
  json fields = {{"package", package},
                 {"previous", c.previous},
                 {"risk", to_string(c.risk)},
                 {"capabilities_gained", c.capabilities_gained},
                 {"capabilities_lost", c.capabilities_lost},
                 {"threats_gained", c.threats_gained},
                 {"alerts", c.alerts.size()}};
  if (c.previous_risk) {
    fields["previous_risk"] = to_string(*c.previous_risk);
  }
  line(out, ts, c.alerts.empty() ? "info" : "warning", "new-version", fields);
  for (const auto& a : c.alerts) {
    line(out, ts, "warning", "alert-raised",
         {{"package", package},
          {"alert_id", a.id},
          {"type", a.type},
          {"severity", to_string(a.severity)},
          {"message", a.message}});
  }
}

}  // namespace

void write_round_json(const RoundReport& report, const DeliveryCounts& deliveries,
                      std::ostream& out) {
  std::string ts = utc_iso(std::chrono::system_clock::now());
  bool failing = report.failed > 0 || !report.errors.empty() || deliveries.failed > 0;
  line(out, ts, failing ? "warning" : "info", "round",
       {{"duration_ms", report.duration_ms},
        {"polled", report.polled},
        {"changed", report.changed},
        {"unchanged", report.unchanged},
        {"failed", report.failed},
        {"new_versions", report.changes.size()},
        {"alerts", report.alerts_raised},
        {"delivered", deliveries.delivered},
        {"delivery_failures", deliveries.failed},
        {"interrupted", report.interrupted}});
  for (const auto& c : report.changes) {
    write_change(c, ts, out);
  }
  for (const auto& p : report.picks) {
    line(out, ts, "info", "fresh-pick",
         {{"package", p.name},
          {"range", p.range},
          {"pick", p.pick},
          {"locked", p.locked},
          {"lockfile", p.lockfile}});
  }
  for (const auto& e : report.errors) {
    line(out, ts, "error", "poll-error", {{"message", e}});
  }
  for (const auto& e : deliveries.errors) {
    line(out, ts, "warning", "delivery-failed", {{"message", e}});
  }
}

void write_deliveries_json(const DeliveryCounts& deliveries, std::ostream& out) {
  std::string ts = utc_iso(std::chrono::system_clock::now());
  line(out, ts, deliveries.failed > 0 ? "warning" : "info", "deliveries",
       {{"delivered", deliveries.delivered}, {"delivery_failures", deliveries.failed}});
  for (const auto& e : deliveries.errors) {
    line(out, ts, "warning", "delivery-failed", {{"message", e}});
  }
}

}  // namespace tarsier
