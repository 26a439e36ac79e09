// One round of `tarsier watch`: poll the registry for every watched package that is due
// (conditional requests with the validators of its last answer; back-off with jitter after a
// failure), store every listed version, analyse the locked versions once (the baseline) and each
// new version through the scan pipeline, compare each new version with the previously analysed
// one, raise the anomaly alerts (database first, dedup key), and work out what a fresh install of
// each declared range would pick now. Every step is committed before the next, so a round killed
// at any point is finished by the next one: versions stay "pending" until their alerts are in.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/db/alert_store.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/db/watch_store.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/monitor/anomaly_rules.h"
#include "analyzer/registry/registry_clients.h"
#include "analyzer/scan/scanner.h"

namespace tarsier {

// A package to watch, with the lockfile entries that pin it and the range each declares.
struct WatchedPackage {
  std::string ecosystem;
  std::string name;
  std::vector<PackageRef> locked;   // lockfile entries (or specs) of this package
  std::vector<std::string> ranges;  // declared range per locked entry ("" = none known)
};

struct WatchSettings {
  std::chrono::seconds interval{300};
  double jitter = 0.1;                     // next poll = interval × (1 ± jitter), uniformly
  std::chrono::seconds max_backoff{3600};  // cap on the delay after failed polls
  AnomalyThresholds thresholds;
};

struct VersionChange {
  std::string ecosystem, name, version;
  std::string previous;  // the previously analysed version ("" when none)
  Risk risk = Risk::none;
  std::optional<Risk> previous_risk;
  std::vector<std::string> capabilities_gained, capabilities_lost, threats_gained;
  std::string error;  // analysis failed (the version stays pending and is retried)
  std::vector<AlertRecord> alerts;
};

struct FreshPick {
  std::string name, lockfile, locked, range, pick;
};

struct RoundReport {
  int polled = 0, unchanged = 0, changed = 0, failed = 0;
  std::vector<std::string> errors;
  std::vector<VersionChange> changes;
  // Where a fresh install would not pick the locked version: all of them in a process's first
  // round, afterwards only those whose pick changed.
  std::vector<FreshPick> picks;
  int alerts_raised = 0;
  std::optional<Risk> highest;  // highest risk among new versions and raised alerts
  bool interrupted = false;
  int64_t duration_ms = 0;  // polling, analysis and alerting of the round
};

struct PollerDeps {
  WatchStore* store = nullptr;
  AlertStore* alerts = nullptr;
  RiskDb* db = nullptr;
  // Each round polls with its own HttpClient, so a host found unreachable in one round (the
  // client stops asking it) is asked again in the next: an outage only delays the watch.
  FetchOptions fetch;
  // The configured registry client of each ecosystem: the release history to poll comes from
  // its release_history_request(), the analyses go through it. A package whose ecosystem has no
  // client fails its polls with a message.
  std::shared_ptr<const RegistryClients> clients;
  ScanOptions scan_options;
  std::shared_ptr<const Analyzer> analyzer;
  std::vector<std::string> sinks;  // ids of the configured alert sinks
  WatchSettings settings;
  std::string tool_version;
  std::string project;  // recorded with the scans of new versions
};

class Poller {
 public:
  explicit Poller(PollerDeps deps);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Registers the packages (creating their targets and recording their locks).
  Result<void> add_packages(std::vector<WatchedPackage> packages);

  // One round; `poll_all` polls every package whatever its next poll time. `stop` is checked
  // between steps.
  RoundReport round(bool poll_all, const std::function<bool()>& stop);

  // When the next package is due ("" = now).
  std::string next_due() const;

 private:
  struct Target {
    WatchedPackage package;
    WatchTarget row;
  };
  void poll(const std::vector<size_t>& due, RoundReport* report);
  void record_poll(Target& target, const FetchResult& result,
                   const std::optional<ReleaseHistory>& doc, const std::string& error,
                   RoundReport* report);
  void analyse(RoundReport* report);
  void raise_alerts(const Target& target, const PackageResult& result, VersionChange* change,
                    RoundReport* report);
  void update_picks(RoundReport* report);
  std::string next_poll_time(int failures);

  PollerDeps m_deps;
  std::vector<Target> m_targets;
  bool m_first_round = true;
};

}  // namespace tarsier
