// `tarsier alerts`: lists the alerts in the risk database with their delivery state per sink, and
// acknowledges them (--ack ID).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzer/cli/command.h"
#include "analyzer/cli/report_output.h"
#include "analyzer/db/alert_store.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/monitor/alert_sink.h"

namespace tarsier::cli {

namespace {

std::string default_actor() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "uid " + std::to_string(getuid());
}

void write_alerts(AlertStore& store, const std::vector<AlertRecord>& alerts, bool json,
                  std::ostream& out) {
  nlohmann::json rows = nlohmann::json::array();
  const std::vector<DeliveryRecord> none;
  for (const auto& a : alerts) {
    nlohmann::json row = alert_json(a);
    row["acked_at"] = a.acked_at.empty() ? nlohmann::json() : nlohmann::json(a.acked_at);
    row["acked_by"] = a.acked_by;
    nlohmann::json deliveries = nlohmann::json::array();
    std::string summary;
    auto found = store.deliveries(a.id);
    for (const auto& d : found ? *found : none) {
      deliveries.push_back({{"sink", d.sink},
                            {"state", d.state},
                            {"attempts", d.attempts},
                            {"delivered_at", d.delivered_at},
                            {"last_error", d.last_error}});
      summary += " " + d.sink + "=" + d.state;
    }
    row["deliveries"] = deliveries;
    rows.push_back(row);
    if (!json) {
      out << a.id << "  " << a.raised_at << "  " << to_string(a.severity) << "  " << a.type << "  "
          << a.ecosystem << ":" << a.name << "@" << a.version
          << (a.acked_at.empty() ? "" : "  [acknowledged]") << "\n    " << a.message << "\n";
      if (!summary.empty()) {
        out << "    delivery:" << summary << "\n";
      }
    }
  }
  if (json) {
    out << nlohmann::json{{"alerts", rows}}.dump(2) << "\n";
  }
}

int run_alerts(const ParsedArgs& args) {
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier alerts: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  auto output = report_output_from("alerts", args);
  if (!output) {
    std::cerr << "tarsier alerts: " << output.error().str() << "\n";
    return k_exit_usage;
  }
  auto db = RiskDb::open(path);
  auto opened = db ? AlertStore::open(path) : db.error();
  if (!opened) {
    std::cerr << "tarsier alerts: " << opened.error().str() << "\n";
    return k_exit_usage;
  }
  std::unique_ptr<AlertStore> store = std::move(*opened);
  if (args.has("ack")) {
    char* end = nullptr;
    std::string text = args.get("ack");
    long long id = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || id <= 0) {
      std::cerr << "tarsier alerts: --ack needs an alert id\n";
      return k_exit_usage;
    }
    if (auto acked = store->acknowledge(id, args.get("actor", default_actor())); !acked) {
      std::cerr << "tarsier alerts: " << acked.error().str() << "\n";
      return k_exit_findings;
    }
    std::cout << "alert " << id << " acknowledged\n";
    return k_exit_ok;
  }
  auto alerts = store->list(args.has("all"));
  if (!alerts) {
    std::cerr << "tarsier alerts: " << alerts.error().str() << "\n";
    return k_exit_usage;
  }
  bool json = output->format == ReportFormat::json;
  if (auto written = write_output(
          output->path, [&](std::ostream& out) { write_alerts(*store, *alerts, json, out); });
      !written) {
    std::cerr << "tarsier alerts: " << written.error().str() << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

std::vector<OptionSpec> alerts_options() {
  std::vector<OptionSpec> options = output_option_specs("alerts");
  options.push_back(
      {"db", 0, true, false, "FILE", "risk database (default: $XDG_DATA_HOME/tarsier/risk.db)"});
  options.push_back({"all", 0, false, false, "", "also list acknowledged alerts"});
  options.push_back({"ack", 0, true, false, "ID", "acknowledge the alert ID"});
  options.push_back({"actor", 0, true, false, "NAME", "who acknowledges (default: $USER)"});
  return options;
}

const CommandRegistration k_alerts{{
    "alerts",
    "alerts [--all] [--ack ID] [--db FILE] [--format text|json] [-o FILE]",
    "list the alerts raised by watch (unacknowledged ones) or acknowledge one",
    alerts_options(),
    run_alerts,
}};

}  // namespace

}  // namespace tarsier::cli
