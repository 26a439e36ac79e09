#include "analyzer/monitor/delivery.h"

#include <algorithm>

#include "analyzer/util/utc_time.h"

namespace tarsier {

std::chrono::milliseconds delivery_backoff(std::chrono::milliseconds base, int failed_attempts) {
  constexpr std::chrono::milliseconds k_max = std::chrono::hours(1);
  auto delay = std::max(base, std::chrono::milliseconds(1));
  for (int i = 1; i < failed_attempts && delay < k_max; ++i) {
    delay *= 2;
  }
  return std::min(delay, k_max);
}

DeliveryCounts deliver_due(AlertStore& store, const std::vector<std::unique_ptr<AlertSink>>& sinks,
                           std::chrono::milliseconds backoff_base) {
  DeliveryCounts counts;
  for (const auto& sink : sinks) {
    auto due = store.due(sink->id(), utc_iso(std::chrono::system_clock::now()));
    if (!due) {
      counts.errors.push_back(sink->id() + ": " + due.error().str());
      continue;
    }
    for (const auto& [delivery, alert] : *due) {
      auto delivered = sink->deliver(alert);
      if (delivered) {
        ++counts.delivered;
        if (auto marked = store.mark_delivered(alert.id, sink->id()); !marked) {
          counts.errors.push_back(sink->id() + ": " + marked.error().str());
        }
        continue;
      }
      ++counts.failed;
      std::string why = delivered.error().str();
      counts.errors.push_back(sink->id() + ": alert " + std::to_string(alert.id) + ": " + why);
      auto next =
          std::chrono::system_clock::now() + delivery_backoff(backoff_base, delivery.attempts + 1);
      if (auto marked = store.mark_failed(alert.id, sink->id(), why, utc_iso(next)); !marked) {
        counts.errors.push_back(sink->id() + ": " + marked.error().str());
      }
    }
  }
  return counts;
}

}  // namespace tarsier
