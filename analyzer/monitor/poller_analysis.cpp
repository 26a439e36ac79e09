// The analysis half of a watch round: baseline and new versions through the scan pipeline, the
// comparison with the previously analysed version, and the anomaly alerts.
#include <algorithm>
#include <map>
#include <set>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/monitor/poller.h"
#include "analyzer/registry/borrowed_client.h"

namespace tarsier {

namespace {

struct Job {
  size_t target = 0;
  bool is_new = false;
};

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::set<std::string> drop(b.begin(), b.end());
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!drop.count(item)) {
      out.push_back(item);
    }
  }
  return out;
}

AnalysedVersion analysed_from(const PackageResult& result) {
  return AnalysedVersion{result.ref.version,
                         result.risk,
                         result.capabilities,
                         result.threats,
                         static_cast<int64_t>(result.stats.files),
                         static_cast<int64_t>(result.stats.unpacked_bytes)};
}

void raise_highest(std::optional<Risk>* highest, Risk risk) {
  if (!*highest || risk > **highest) {
    *highest = risk;
  }
}

// Starts the round's scan row. Like scan, a scan row that cannot be written is reported and the
// round goes on without recording its results: nullptr then.
RiskDb* begin_round_scan(RiskDb* db, const ScanRecord& record, int64_t* scan_id,
                         std::vector<std::string>* errors) {
  if (db == nullptr) {
    return nullptr;
  }
  auto begun = db->begin_scan(record);
  if (!begun) {
    errors->push_back("risk database: " + db->path() + ": " + begun.error().str());
    return nullptr;
  }
  *scan_id = *begun;
  return db;
}

}  // namespace

void Poller::analyse(RoundReport* report) {
  const std::string analyzer_version =
      RiskDb::analyzer_version(m_deps.tool_version, m_deps.analyzer->ruleset_version());
  std::vector<PackageRef> refs;
  std::vector<Job> jobs;
  for (size_t i = 0; i < m_targets.size(); ++i) {
    const Target& t = m_targets[i];
    std::set<std::string> analysed;
    for (const auto& a :
         m_deps.store->analysed_versions(t.row.ecosystem, t.row.name, analyzer_version)
             .value_or({})) {
      analysed.insert(a.version);
    }
    for (const auto& ref : t.package.locked) {
      if (!analysed.count(ref.version)) {
        refs.push_back(ref);  // the baseline: the locked version, verified against the lockfile
        jobs.push_back({i, false});
      }
    }
    for (const auto& v : m_deps.store->versions(t.row.id).value_or({})) {
      if (v.state == "pending") {
        PackageRef ref;
        ref.ecosystem = t.row.ecosystem;
        ref.name = t.row.name;
        ref.version = v.version;
        ref.integrity = v.integrity;
        ref.resolved = v.tarball;
        refs.push_back(std::move(ref));
        jobs.push_back({i, true});
      }
    }
  }
  if (refs.empty()) {
    return;
  }
  std::vector<std::string> inputs;
  for (const auto& ref : refs) {
    inputs.push_back(ref.id());
  }
  ScanRecord record{"watch", inputs,        m_deps.tool_version, m_deps.analyzer->ruleset_version(),
                    "",      m_deps.project};
  int64_t scan_id = 0;
  RiskDb* db = begin_round_scan(m_deps.db, record, &scan_id, &report->errors);
  RegistryClients clients = m_deps.clients ? borrowed_clients(*m_deps.clients) : RegistryClients{};
  Scanner scanner(m_deps.scan_options, std::move(clients), m_deps.analyzer, db, scan_id);
  std::vector<PackageResult> results = scanner.scan(refs);

  ScanTotals totals;
  for (size_t k = 0; k < results.size(); ++k) {
    const PackageResult& result = results[k];
    const Target& target = m_targets[jobs[k].target];
    ++totals.packages;
    result.error.empty() ? ++totals.analyzed : ++totals.failed;
    if (!result.error.empty()) {
      report->errors.push_back(result.ref.id() + ": " + result.error);
    }
    if (!jobs[k].is_new) {
      continue;
    }
    VersionChange change;
    change.ecosystem = target.row.ecosystem;
    change.name = target.row.name;
    change.version = result.ref.version;
    change.risk = result.risk;
    change.error = result.error;
    if (!result.error.empty()) {
      // Best effort: the version stays pending either way.
      (void)m_deps.store->note_version_error(target.row.id, change.version, result.error);
    } else {
      raise_highest(&report->highest, result.risk);
      raise_alerts(target, result, &change, report);
    }
    report->changes.push_back(std::move(change));
  }
  if (db != nullptr) {
    totals.exit_code = totals.failed > 0 ? 3 : 0;
    if (auto finished = db->finish_scan(scan_id, totals); !finished) {
      report->errors.push_back("risk database: " + db->path() + ": " + finished.error().str());
    }
  }
}

void Poller::raise_alerts(const Target& target, const PackageResult& result, VersionChange* change,
                          RoundReport* report) {
  const std::string analyzer_version =
      RiskDb::analyzer_version(m_deps.tool_version, m_deps.analyzer->ruleset_version());
  std::map<std::string, AnalysedVersion> analysed;
  for (auto& a :
       m_deps.store->analysed_versions(target.row.ecosystem, target.row.name, analyzer_version)
           .value_or({})) {
    analysed[a.version] = std::move(a);
  }
  std::vector<VersionFacts> earlier;
  VersionFacts current{RegistryVersion{}, analysed_from(result)};
  current.meta.version = change->version;
  for (const auto& v : m_deps.store->versions(target.row.id).value_or({})) {
    if (v.version == change->version) {
      current.meta = v;
    } else if (compare_package_versions(target.row.ecosystem, v.version, change->version) < 0) {
      auto it = analysed.find(v.version);
      earlier.push_back({v, it == analysed.end() ? std::nullopt : std::optional(it->second)});
    }
  }
  const std::string& ecosystem = target.row.ecosystem;
  std::sort(earlier.begin(), earlier.end(), [&](const VersionFacts& a, const VersionFacts& b) {
    return compare_package_versions(ecosystem, a.meta.version, b.meta.version) < 0;
  });
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    if (it->analysis) {
      change->previous = it->meta.version;
      change->previous_risk = it->analysis->risk;
      change->capabilities_gained = minus(result.capabilities, it->analysis->capabilities);
      change->capabilities_lost = minus(it->analysis->capabilities, result.capabilities);
      change->threats_gained = minus(result.threats, it->analysis->threats);
      break;
    }
  }
  bool all_stored = true;
  for (auto& anomaly : detect_anomalies(earlier, current, m_deps.settings.thresholds)) {
    AlertRecord alert;
    alert.type = anomaly.type;
    alert.severity = anomaly.severity;
    alert.ecosystem = target.row.ecosystem;
    alert.name = target.row.name;
    alert.version = change->version;
    alert.previous_version =
        anomaly.previous_version.empty() ? change->previous : anomaly.previous_version;
    alert.message = anomaly.message;
    alert.evidence = anomaly.evidence.dump();
    alert.dedup_key = anomaly.type + ":" + alert.ecosystem + ":" + alert.name + "@" +
                      alert.version + (anomaly.key_detail.empty() ? "" : ":" + anomaly.key_detail);
    bool inserted = false;
    auto id = m_deps.alerts->raise(alert, m_deps.sinks, &inserted);
    if (!id) {
      all_stored = false;
      report->errors.push_back("risk database: " + id.error().str());
      continue;
    }
    alert.id = *id;
    if (inserted) {
      ++report->alerts_raised;
      raise_highest(&report->highest, alert.severity);
      change->alerts.push_back(std::move(alert));
    }
  }
  // Only once every alert is stored does the version stop being pending.
  if (!all_stored) {
    return;
  }
  if (auto finished = m_deps.store->finish_version(target.row.id, change->version); !finished) {
    report->errors.push_back("risk database: " + finished.error().str());
  }
}

}  // namespace tarsier
