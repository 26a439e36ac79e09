#include "analyzer/monitor/watch_loop.h"

#include <thread>

#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

void merge(DeliveryCounts* into, DeliveryCounts&& from) {
  into->delivered += from.delivered;
  into->failed += from.failed;
  for (auto& e : from.errors) {
    into->errors.push_back(std::move(e));
  }
}

// Sleeps until a package or a delivery is due, delivering retries that come due meanwhile.
void wait_for_work(Poller& poller, AlertStore& alerts,
                   const std::vector<std::unique_ptr<AlertSink>>& sinks,
                   const LoopOptions& options) {
  std::vector<std::string> ids;
  for (const auto& sink : sinks) {
    ids.push_back(sink->id());
  }
  while (!options.stop()) {
    std::string now = utc_iso(std::chrono::system_clock::now());
    std::string next = poller.next_due();
    if (next.empty() || next <= now) {
      return;
    }
    auto attempt = alerts.next_attempt(ids);
    std::string delivery = attempt ? *attempt : "";
    if (!delivery.empty() && delivery <= now) {
      DeliveryCounts counts = deliver_due(alerts, sinks, options.alert_backoff);
      if (options.on_delivery && (counts.delivered > 0 || counts.failed > 0)) {
        options.on_delivery(counts);
      }
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

std::vector<RoundReport> run_watch(Poller& poller, AlertStore& alerts,
                                   const std::vector<std::unique_ptr<AlertSink>>& sinks,
                                   const LoopOptions& options) {
  std::vector<RoundReport> rounds;
  DeliveryCounts backlog = deliver_due(alerts, sinks, options.alert_backoff);
  while (true) {
    auto started = std::chrono::steady_clock::now();
    RoundReport report = poller.round(options.once, options.stop);
    report.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    DeliveryCounts counts = deliver_due(alerts, sinks, options.alert_backoff);
    merge(&counts, std::move(backlog));
    backlog = DeliveryCounts{};
    if (options.on_round) {
      options.on_round(report, counts);
    }
    rounds.push_back(std::move(report));
    if (options.once || options.stop()) {
      return rounds;
    }
    wait_for_work(poller, alerts, sinks, options);
    if (options.stop()) {
      return rounds;
    }
  }
}

void write_round_text(const RoundReport& report, const DeliveryCounts& deliveries,
                      std::ostream& out) {
  out << "watch: " << report.polled << " polled (" << report.changed << " changed, "
      << report.unchanged << " unchanged, " << report.failed << " failed), "
      << report.changes.size() << " new version(s), " << report.alerts_raised << " alert(s)";
  if (deliveries.delivered > 0 || deliveries.failed > 0) {
    out << ", " << deliveries.delivered << " delivered, " << deliveries.failed
        << " delivery failure(s)";
  }
  out << "\n";
  for (const auto& c : report.changes) {
    out << "  " << c.ecosystem << ":" << c.name << "@" << c.version;
    if (!c.error.empty()) {
      out << "  not analysed: " << c.error << "\n";
      continue;
    }
    out << "  risk " << to_string(c.risk);
    if (!c.previous.empty()) {
      out << " (was " << to_string(c.previous_risk.value_or(Risk::none)) << " in " << c.previous
          << ")";
    }
    for (const auto& cap : c.capabilities_gained) {
      out << " +" << cap;
    }
    for (const auto& cap : c.capabilities_lost) {
      out << " -" << cap;
    }
    for (const auto& threat : c.threats_gained) {
      out << " +threat:" << threat;
    }
    out << "\n";
    for (const auto& a : c.alerts) {
      out << "    alert " << a.id << " " << to_string(a.severity) << " " << a.type << ": "
          << a.message << "\n";
    }
  }
  for (const auto& p : report.picks) {
    out << "  fresh install: " << p.name << " " << p.range << " now picks " << p.pick << " (locked "
        << p.locked << " in " << p.lockfile << ")\n";
  }
  for (const auto& e : report.errors) {
    out << "  error: " << e << "\n";
  }
  for (const auto& e : deliveries.errors) {
    out << "  delivery: " << e << "\n";
  }
}

}  // namespace tarsier
