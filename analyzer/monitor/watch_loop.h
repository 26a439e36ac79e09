// The watch loop: deliver what earlier runs left undelivered, then rounds of polling, analysis and
// delivery until stopped (or once). Between rounds it sleeps until the next package or delivery
// is due, waking every 100 ms to check `stop`.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

#include "analyzer/monitor/delivery.h"
#include "analyzer/monitor/poller.h"

namespace tarsier {

struct LoopOptions {
  bool once = false;
  std::chrono::milliseconds alert_backoff{5000};
  std::function<bool()> stop = [] { return false; };
  // Called after each round with its report and the deliveries made since the last call.
  std::function<void(const RoundReport&, const DeliveryCounts&)> on_round;
  // Called for deliveries made between rounds (retries).
  std::function<void(const DeliveryCounts&)> on_delivery;
};

// Runs the loop; returns the reports of every round (one with `once`).
std::vector<RoundReport> run_watch(Poller& poller, AlertStore& alerts,
                                   const std::vector<std::unique_ptr<AlertSink>>& sinks,
                                   const LoopOptions& options);

// A round in text: counts, each new version against the previous analysed one, its alerts, the
// fresh-install picks that moved, and errors.
void write_round_text(const RoundReport& report, const DeliveryCounts& deliveries,
                      std::ostream& out);

}  // namespace tarsier
