// `tarsier watch --log-format json`: the watcher's own work as JSON lines, one object per event
// with `ts` (UTC), `level` (info, warning, error) and `event`, so a watch daemon can be followed
// by the log tools people already run. A round writes one `round` line (counts, duration,
// deliveries), then one line per new version, alert, fresh-install pick and error.
#pragma once

#include <ostream>

#include "analyzer/monitor/delivery.h"
#include "analyzer/monitor/poller.h"

namespace tarsier {

void write_round_json(const RoundReport& report, const DeliveryCounts& deliveries,
                      std::ostream& out);
// Deliveries made between rounds (retries): one `deliveries` line, then their failures.
void write_deliveries_json(const DeliveryCounts& deliveries, std::ostream& out);

}  // namespace tarsier
