// Anomaly detection for one new version against the package's own history: each rule is an
// alert type with its evidence. The thresholds are documented on AnomalyThresholds and in
// README.md ("Anomaly alerts").
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/risk.h"
#include "analyzer/db/watch_store.h"

namespace tarsier {

// Everything known about one version: the registry's metadata and, when analysed, its result.
struct VersionFacts {
  RegistryVersion meta;
  std::optional<AnalysedVersion> analysis;
};

struct AnomalyThresholds {
  // Size and file count: earlier versions with a known value needed before judging, the
  // |modified z-score| above which a value is an outlier, and the least relative change from the
  // median that counts (so 10 → 11 files over a constant history is not an alert).
  int min_history = 5;
  double max_abs_z = 3.5;
  double min_relative_change = 0.5;
  // Release burst: at least `burst_releases` versions published within `burst_window`, ending
  // with this one.
  int burst_releases = 5;
  std::chrono::hours burst_window{24};
};

struct Anomaly {
  std::string type;  // alert type, see anomaly_types()
  Risk severity = Risk::medium;
  std::string message;
  nlohmann::json evidence = nlohmann::json::object();
  std::string key_detail;  // distinguishes alerts of one type on one version (e.g. capability)
  std::string previous_version;
};

// Every alert type, for documentation and tests.
const std::vector<std::string>& anomaly_types();

// The anomalies of `current` against `earlier` (the versions before it in version order, oldest
// first; analysed or not).
std::vector<Anomaly> detect_anomalies(const std::vector<VersionFacts>& earlier,
                                      const VersionFacts& current,
                                      const AnomalyThresholds& thresholds = {});

}  // namespace tarsier
