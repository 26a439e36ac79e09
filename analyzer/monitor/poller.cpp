#include "analyzer/monitor/poller.h"

#include <algorithm>
#include <cstdint>
#include <random>

#include "analyzer/monitor/fresh_pick.h"
#include "analyzer/monitor/registry_versions.h"
#include "analyzer/util/url.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

using Clock = std::chrono::system_clock;

std::string now_iso() {
  return utc_iso(Clock::now());
}

}  // namespace

Poller::Poller(PollerDeps deps) : m_deps(std::move(deps)) {}

Poller::~Poller() = default;

Result<void> Poller::add_packages(std::vector<WatchedPackage> packages) {
  for (auto& package : packages) {
    auto row = m_deps.store->ensure_target(package.ecosystem, package.name);
    if (!row) {
      return row.error();
    }
    m_targets.push_back(Target{std::move(package), std::move(*row)});
  }
  return {};
}

std::string Poller::next_poll_time(int failures) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> spread(1.0 - m_deps.settings.jitter,
                                                1.0 + m_deps.settings.jitter);
  double seconds = static_cast<double>(m_deps.settings.interval.count());
  for (int i = 0; i < failures && seconds < m_deps.settings.max_backoff.count(); ++i) {
    seconds *= 2;  // back-off after failed polls (429, 5xx, no connection)
  }
  seconds = std::min(seconds, static_cast<double>(m_deps.settings.max_backoff.count()));
  auto delay = std::chrono::milliseconds(static_cast<int64_t>(seconds * spread(rng) * 1000));
  return utc_iso(Clock::now() + delay);
}

std::string Poller::next_due() const {
  std::string soonest;
  for (const auto& t : m_targets) {
    if (t.row.next_poll_at.empty()) {
      return "";
    }
    if (soonest.empty() || t.row.next_poll_at < soonest) {
      soonest = t.row.next_poll_at;
    }
  }
  return soonest;
}

RoundReport Poller::round(bool poll_all, const std::function<bool()>& stop) {
  RoundReport report;
  std::string now = now_iso();
  std::vector<size_t> due;
  for (size_t i = 0; i < m_targets.size(); ++i) {
    const auto& next = m_targets[i].row.next_poll_at;
    if (poll_all || next.empty() || next <= now) {
      due.push_back(i);
    }
  }
  poll(due, &report);
  if (stop()) {
    report.interrupted = true;
    return report;
  }
  analyse(&report);
  if (stop()) {
    report.interrupted = true;
    return report;
  }
  update_picks(&report);
  m_first_round = false;
  return report;
}

namespace {

// The client of `ecosystem`; an error when none is configured.
Result<const EcosystemClient*> client_for(const RegistryClients* clients,
                                          const std::string& ecosystem) {
  if (clients != nullptr) {
    auto it = clients->find(ecosystem);
    if (it != clients->end() && it->second) {
      return static_cast<const EcosystemClient*>(it->second.get());
    }
  }
  return make_error(ErrorKind::invalid, "no " + ecosystem + " registry is configured");
}

// The request for the package's release history, with the validators of the last answer.
Result<FetchRequest> history_request(const EcosystemClient& client, const WatchTarget& row) {
  PackageRef ref;
  ref.ecosystem = row.ecosystem;
  ref.name = row.name;
  ref.source = "registry";
  auto r = client.release_history_request(ref);
  if (!r) {
    return make_error(ErrorKind::not_found,
                      "the " + row.ecosystem + " registry has no release history for " + row.name);
  }
  if (!row.ok_at.empty() && !row.etag.empty()) {
    r->headers.push_back("If-None-Match: " + row.etag);
  }
  if (!row.ok_at.empty() && !row.last_modified.empty()) {
    r->headers.push_back("If-Modified-Since: " + row.last_modified);
  }
  return std::move(*r);
}

}  // namespace

void Poller::poll(const std::vector<size_t>& due, RoundReport* report) {
  std::vector<FetchRequest> requests;
  std::vector<size_t> request_of(due.size(), SIZE_MAX);
  std::vector<std::string> setup_errors(due.size());
  std::vector<const EcosystemClient*> client_of(due.size());
  for (size_t k = 0; k < due.size(); ++k) {
    const WatchTarget& row = m_targets[due[k]].row;
    auto client = client_for(m_deps.clients.get(), row.ecosystem);
    client_of[k] = client ? *client : nullptr;
    auto r = client ? history_request(**client, row) : Result<FetchRequest>(client.error());
    if (r) {
      request_of[k] = requests.size();
      requests.push_back(std::move(*r));
    } else {
      setup_errors[k] = r.error().str();
    }
  }
  std::vector<FetchResult> results(requests.size());
  HttpClient http(m_deps.fetch);
  http.fetch_all(requests, [&](size_t i, FetchResult&& r) { results[i] = std::move(r); });

  for (size_t k = 0; k < due.size(); ++k) {
    Target& target = m_targets[due[k]];
    FetchResult no_result;
    const FetchResult& result = request_of[k] == SIZE_MAX ? no_result : results[request_of[k]];
    std::string error = setup_errors[k];
    std::optional<ReleaseHistory> doc;
    if (error.empty() && !result.ok()) {
      error = result.error;
    } else if (error.empty() && !result.not_modified()) {
      auto history =
          client_of[k]->read_release_history(result.body, redact_url(requests[request_of[k]].url));
      if (history) {
        doc = std::move(*history);
      } else {
        error = history.error().str();
      }
    }
    record_poll(target, result, doc, error, report);
  }
}

void Poller::record_poll(Target& target, const FetchResult& result,
                         const std::optional<ReleaseHistory>& doc, const std::string& error,
                         RoundReport* report) {
  ++report->polled;
  Result<void> stored;
  if (!error.empty()) {
    ++report->failed;
    report->errors.push_back(target.row.name + ": " + error);
    stored =
        m_deps.store->record_failure(target.row.id, error, next_poll_time(target.row.failures + 1));
  } else if (result.not_modified()) {
    ++report->unchanged;
    stored = m_deps.store->record_unchanged(target.row.id, next_poll_time(0));
  } else {
    ++report->changed;
    auto added =
        m_deps.store->record_document(target.row, result.etag, result.last_modified, doc->latest,
                                      registry_versions(*doc), next_poll_time(0));
    if (!added) {
      stored = added.error();
    }
  }
  if (!stored) {
    report->errors.push_back("risk database: " + stored.error().str());
  }
  if (auto row = m_deps.store->ensure_target(target.row.ecosystem, target.row.name)) {
    target.row = std::move(*row);
  }
}

void Poller::update_picks(RoundReport* report) {
  for (const auto& target : m_targets) {
    // A failed read leaves the lists empty: the round goes on.
    std::vector<std::string> versions;
    for (const auto& v : m_deps.store->versions(target.row.id).value_or({})) {
      versions.push_back(v.version);
    }
    std::map<std::string, std::string> before;  // lockfile + version -> last reported pick
    for (const auto& lock : m_deps.store->locks(target.row.id).value_or({})) {
      before[lock.lockfile + "\n" + lock.version] = lock.fresh_pick;
    }
    std::map<std::string, std::vector<WatchLock>> by_lockfile;
    for (size_t i = 0; i < target.package.locked.size(); ++i) {
      const PackageRef& ref = target.package.locked[i];
      const std::string& range = target.package.ranges[i];
      std::string pick = range.empty() || versions.empty()
                             ? ""
                             : fresh_pick(target.row.ecosystem, range, versions, target.row.latest);
      by_lockfile[ref.lockfile].push_back({ref.lockfile, ref.version, range, pick});
      // Reported when it moves away from the locked version, and again whenever it changes.
      auto it = before.find(ref.lockfile + "\n" + ref.version);
      bool moved = m_first_round || it == before.end() || it->second != pick;
      if (moved && !pick.empty() && pick != ref.version) {
        report->picks.push_back({target.row.name, ref.lockfile, ref.version, range, pick});
      }
    }
    for (const auto& [lockfile, locks] : by_lockfile) {
      if (auto stored = m_deps.store->set_locks(target.row.id, lockfile, locks); !stored) {
        report->errors.push_back("risk database: " + stored.error().str());
      }
    }
  }
}

}  // namespace tarsier
