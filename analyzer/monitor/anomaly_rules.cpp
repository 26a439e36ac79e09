#include "analyzer/monitor/anomaly_rules.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "analyzer/monitor/robust_stats.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

using nlohmann::json;

// Capabilities whose first appearance is a classic sign of a hijacked release.
const std::set<std::string> k_serious_capabilities = {
    "install-scripts", "shell", "eval", "exfiltration", "crypto-wallet", "obfuscation"};

const VersionFacts* last_analysed(const std::vector<VersionFacts>& earlier) {
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    if (it->analysis) {
      return &*it;
    }
  }
  return nullptr;
}

void new_items(const std::vector<VersionFacts>& earlier, const VersionFacts& current, bool threats,
               std::vector<Anomaly>* out) {
  const VersionFacts* previous = last_analysed(earlier);
  if (!previous || !current.analysis) {
    return;
  }
  std::set<std::string> seen;
  std::vector<std::string> analysed;
  for (const auto& v : earlier) {
    if (v.analysis) {
      const auto& items = threats ? v.analysis->threats : v.analysis->capabilities;
      seen.insert(items.begin(), items.end());
      analysed.push_back(v.meta.version);
    }
  }
  const auto& items = threats ? current.analysis->threats : current.analysis->capabilities;
  for (const auto& item : items) {
    if (seen.count(item)) {
      continue;
    }
    Anomaly a;
    a.type = threats ? "new-threat" : "new-capability";
    a.severity = threats || k_serious_capabilities.count(item) ? Risk::high : Risk::medium;
    a.message = std::string(threats ? "threat '" : "capability '") + item +
                "' appears for the first time (none of " + std::to_string(analysed.size()) +
                " earlier analysed versions had it)";
    a.evidence = {{threats ? "threat" : "capability", item}, {"earlier_analysed", analysed}};
    a.key_detail = item;
    a.previous_version = previous->meta.version;
    out->push_back(std::move(a));
  }
}

void install_script_added(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                          std::vector<Anomaly>* out) {
  if (!current.meta.install_script || earlier.empty()) {
    return;
  }
  for (const auto& v : earlier) {
    if (v.meta.install_script) {
      return;
    }
  }
  Anomaly a;
  a.type = "install-script-added";
  a.severity = Risk::high;
  a.message = "the manifest declares a preinstall/install/postinstall script; none of " +
              std::to_string(earlier.size()) + " earlier versions did";
  a.evidence = {{"earlier_versions", earlier.size()}};
  a.previous_version = earlier.back().meta.version;
  out->push_back(std::move(a));
}

std::optional<double> size_metric(const VersionFacts& v, bool files) {
  const auto& value = files ? v.meta.file_count : v.meta.unpacked_size;
  if (value) {
    return static_cast<double>(*value);
  }
  if (v.analysis) {
    return static_cast<double>(files ? v.analysis->files : v.analysis->unpacked_bytes);
  }
  return std::nullopt;
}

void size_outliers(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                   const AnomalyThresholds& t, std::vector<Anomaly>* out) {
  for (bool files : {false, true}) {
    auto value = size_metric(current, files);
    std::vector<double> history;
    for (const auto& v : earlier) {
      if (auto x = size_metric(v, files)) {
        history.push_back(*x);
      }
    }
    if (!value || static_cast<int>(history.size()) < t.min_history) {
      continue;
    }
    double m = median(history);
    auto z = robust_z(history, *value);
    if (!z || std::fabs(*z) <= t.max_abs_z || std::fabs(*value - m) < t.min_relative_change * m) {
      continue;
    }
    const char* metric = files ? "file-count" : "unpacked-size";
    Anomaly a;
    a.type = "size-outlier";
    a.severity = Risk::medium;
    a.message = std::string(metric) + " " + std::to_string(static_cast<int64_t>(*value)) +
                " is far outside the package's history (median " +
                std::to_string(static_cast<int64_t>(m)) + " over " +
                std::to_string(history.size()) + " versions)";
    a.evidence = {{"metric", metric},
                  {"value", *value},
                  {"median", m},
                  {"robust_z", std::isfinite(*z) ? json(*z) : json(*z > 0 ? "inf" : "-inf")},
                  {"history", history.size()}};
    a.key_detail = metric;
    out->push_back(std::move(a));
  }
}

void new_people(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                std::vector<Anomaly>* out) {
  std::set<std::string> known;
  for (const auto& v : earlier) {
    if (!v.meta.publisher.empty()) {
      known.insert(v.meta.publisher);
    }
    known.insert(v.meta.maintainers.begin(), v.meta.maintainers.end());
  }
  if (known.empty()) {
    return;  // the registry never said who published: nothing to compare with
  }
  auto add = [&](const std::string& type, Risk severity, const std::string& who) {
    Anomaly a;
    a.type = type;
    a.severity = severity;
    a.message = (type == "new-publisher" ? "published by '" : "new maintainer '") + who +
                "', who published or maintained none of the " + std::to_string(earlier.size()) +
                " earlier versions";
    a.evidence = {{"person", who}, {"known", std::vector<std::string>(known.begin(), known.end())}};
    a.key_detail = who;
    out->push_back(std::move(a));
  };
  if (!current.meta.publisher.empty() && !known.count(current.meta.publisher)) {
    add("new-publisher", Risk::high, current.meta.publisher);
  }
  for (const auto& who : current.meta.maintainers) {
    if (!known.count(who) && who != current.meta.publisher) {
      add("new-maintainer", Risk::medium, who);
    }
  }
}

void release_burst(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                   const AnomalyThresholds& t, std::vector<Anomaly>* out) {
  auto published = parse_utc_iso(current.meta.published_at);
  if (!published) {
    return;
  }
  std::vector<std::string> within = {current.meta.version};
  for (const auto& v : earlier) {
    auto when = parse_utc_iso(v.meta.published_at);
    if (when && *when <= *published && *published - *when <= t.burst_window) {
      within.push_back(v.meta.version);
    }
  }
  // Alert when the burst reaches the threshold, not again for every later release in it.
  if (static_cast<int>(within.size()) != t.burst_releases) {
    return;
  }
  Anomaly a;
  a.type = "release-burst";
  a.severity = Risk::medium;
  a.message = std::to_string(within.size()) + " versions published within " +
              std::to_string(t.burst_window.count()) + " h";
  a.evidence = {{"versions", within}, {"window_hours", t.burst_window.count()}};
  out->push_back(std::move(a));
}

// major, minor, patch of a plain "x.y.z[-pre]" version.
std::optional<std::array<long, 3>> release_triple(const std::string& version) {
  std::array<long, 3> parts{};
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    size_t end = pos;
    while (end < version.size() && version[end] >= '0' && version[end] <= '9') {
      ++end;
    }
    if (end == pos || end - pos > 9 || (i < 2 && (end >= version.size() || version[end] != '.'))) {
      return std::nullopt;
    }
    parts[i] = std::stol(version.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

void dependency_in_patch(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                         std::vector<Anomaly>* out) {
  if (earlier.empty()) {
    return;
  }
  const VersionFacts& previous = earlier.back();
  auto before = release_triple(previous.meta.version);
  auto now = release_triple(current.meta.version);
  if (!before || !now || (*before)[0] != (*now)[0] || (*before)[1] != (*now)[1]) {
    return;
  }
  std::set<std::string> had(previous.meta.dependencies.begin(), previous.meta.dependencies.end());
  for (const auto& dependency : current.meta.dependencies) {
    if (had.count(dependency)) {
      continue;
    }
    Anomaly a;
    a.type = "dependency-added-in-patch";
    a.severity = Risk::high;
    a.message = "patch release adds the dependency '" + dependency + "' (not in " +
                previous.meta.version + ")";
    a.evidence = {{"dependency", dependency}, {"previous_dependencies", had}};
    a.key_detail = dependency;
    a.previous_version = previous.meta.version;
    out->push_back(std::move(a));
  }
}

void risk_raised(const std::vector<VersionFacts>& earlier, const VersionFacts& current,
                 std::vector<Anomaly>* out) {
  const VersionFacts* previous = last_analysed(earlier);
  if (!previous || !current.analysis || current.analysis->risk <= previous->analysis->risk) {
    return;
  }
  Anomaly a;
  a.type = "risk-raised";
  a.severity = current.analysis->risk;
  a.message = "risk " + std::string(to_string(current.analysis->risk)) + " (was " +
              std::string(to_string(previous->analysis->risk)) + " in " + previous->meta.version +
              ")";
  a.evidence = {{"risk", to_string(current.analysis->risk)},
                {"previous_risk", to_string(previous->analysis->risk)}};
  a.previous_version = previous->meta.version;
  out->push_back(std::move(a));
}

}  // namespace

const std::vector<std::string>& anomaly_types() {
  static const std::vector<std::string> types = {
      "new-capability", "new-threat",     "install-script-added", "size-outlier",
      "new-publisher",  "new-maintainer", "release-burst",        "dependency-added-in-patch",
      "risk-raised"};
  return types;
}

}  // namespace tarsier

namespace tarsier {

std::vector<Anomaly> detect_anomalies(const std::vector<VersionFacts>& earlier,
                                      const VersionFacts& current,
                                      const AnomalyThresholds& thresholds) {
  std::vector<Anomaly> out;
  new_items(earlier, current, false, &out);
  new_items(earlier, current, true, &out);
  install_script_added(earlier, current, &out);
  size_outliers(earlier, current, thresholds, &out);
  new_people(earlier, current, &out);
  release_burst(earlier, current, thresholds, &out);
  dependency_in_patch(earlier, current, &out);
  risk_raised(earlier, current, &out);
  return out;
}

}  // namespace tarsier
