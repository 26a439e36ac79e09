#include "analyzer/monitor/watch_status.h"

#include <nlohmann/json.hpp>

#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

std::chrono::seconds age_of(const std::string& when, SystemTime now) {
  auto t = parse_utc_iso(when);
  return t ? std::chrono::duration_cast<std::chrono::seconds>(now - *t) : std::chrono::seconds(-1);
}

}  // namespace

Result<void> write_watch_status(WatchStore& store, std::chrono::seconds stale_after, bool json,
                                std::ostream& out) {
  auto targets = store.targets();
  if (!targets) {
    return targets.error();
  }
  auto now = std::chrono::system_clock::now();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& t : *targets) {
    auto age = age_of(t.ok_at, now);
    bool stale = t.ok_at.empty() || age > stale_after;
    rows.push_back(
        {{"ecosystem", t.ecosystem},
         {"name", t.name},
         {"latest", t.latest},
         {"last_ok", t.ok_at},
         {"stale_seconds", t.ok_at.empty() ? nlohmann::json() : nlohmann::json(age.count())},
         {"stale", stale},
         {"failures", t.failures},
         {"last_error", t.last_error},
         {"next_poll", t.next_poll_at}});
    if (!json) {
      out << (stale ? "STALE " : "ok    ") << t.ecosystem << ":" << t.name << "  latest "
          << (t.latest.empty() ? "?" : t.latest) << "  last answer "
          << (t.ok_at.empty() ? "never" : human_duration(age) + " ago") << "  failures "
          << t.failures << "  next poll " << (t.next_poll_at.empty() ? "now" : t.next_poll_at);
      if (!t.last_error.empty()) {
        out << "  last error: " << t.last_error;
      }
      out << "\n";
    }
  }
  if (json) {
    out << nlohmann::json{{"packages", rows}}.dump(2) << "\n";
  } else if (targets->empty()) {
    out << "no package is watched yet\n";
  }
  return {};
}

}  // namespace tarsier
