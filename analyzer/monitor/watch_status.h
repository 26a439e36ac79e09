// `tarsier watch --status`: every watched package with its latest version, when the registry
// last answered, how stale that is, consecutive failures, the last error and the next poll.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "analyzer/db/watch_store.h"

namespace tarsier {

// A package is stale when the registry has not answered for it within `stale_after`, or never.
Result<void> write_watch_status(WatchStore& store, std::chrono::seconds stale_after, bool json,
                                std::ostream& out);

}  // namespace tarsier
