// Delivers the alerts that are due to every configured sink, one attempt each, and records the
// outcome: delivered, or failed with the next attempt after an exponential back-off (base,
// doubling with each failed attempt, at most one hour). An alert is marked delivered only after
// its sink took it, so a failed receiver or a restart only delays it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/db/alert_store.h"
#include "analyzer/monitor/alert_sink.h"

namespace tarsier {

struct DeliveryCounts {
  int delivered = 0;
  int failed = 0;
  std::vector<std::string> errors;  // "sink: alert N: why"
};

DeliveryCounts deliver_due(AlertStore& store, const std::vector<std::unique_ptr<AlertSink>>& sinks,
                           std::chrono::milliseconds backoff_base);

// The delay before the next attempt after `failed_attempts` failures (1 = the first failure).
std::chrono::milliseconds delivery_backoff(std::chrono::milliseconds base, int failed_attempts);

}  // namespace tarsier
