#include "analyzer/scan/release_round.h"

#include "analyzer/util/url.h"

namespace tarsier {

namespace {

// Release histories share the packument's URL (with another Accept header), so they are
// cached under their own key.
std::string cache_key(const std::string& url) {
  return url + "#release-history";
}

struct Pending {
  std::vector<FetchRequest> requests;
  std::map<std::string, size_t> by_url;            // request URL -> index in requests
  std::vector<std::optional<std::string>> bodies;  // per request
  std::vector<std::string> errors;                 // per request, when no body
};

void fetch_bodies(Pending& pending, const FetchOptions* fetch, const TarballCache& cache) {
  pending.bodies.resize(pending.requests.size());
  pending.errors.resize(pending.requests.size());
  if (fetch == nullptr) {
    for (size_t k = 0; k < pending.requests.size(); ++k) {
      if (auto cached = cache.get_metadata(cache_key(pending.requests[k].url))) {
        pending.bodies[k] = std::move(cached->body);
      } else {
        pending.errors[k] =
            "offline and the registry metadata is not cached (a scan with "
            "--registry-signals online caches it)";
      }
    }
    return;
  }
  HttpClient http(*fetch);
  http.fetch_all(pending.requests, [&](size_t k, FetchResult&& fetched) {
    if (fetched.ok()) {
      pending.bodies[k] = std::move(fetched.body);
    } else {
      pending.errors[k] = redact_url(pending.requests[k].url) + ": " + fetched.error;
    }
  });
}

}  // namespace

ReleaseRound release_round(const std::vector<PackageRef>& packages,
                           const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients,
                           const FetchOptions* fetch, const TarballCache& cache,
                           const RegistrySignalOptions& options) {
  ReleaseRound round;
  round.releases.resize(packages.size());
  round.findings.resize(packages.size());
  Pending pending;
  std::vector<std::optional<size_t>> request_of(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    auto client = clients.find(packages[i].ecosystem);
    auto request = client == clients.end() || packages[i].version.empty()
                       ? std::nullopt
                       : client->second->release_history_request(packages[i]);
    if (!request) {
      continue;  // not a registry package: nothing to compare with
    }
    auto [it, added] = pending.by_url.emplace(request->url, pending.requests.size());
    if (added) {
      pending.requests.push_back(std::move(*request));
    }
    request_of[i] = it->second;
  }
  fetch_bodies(pending, fetch, cache);

  std::vector<std::optional<ReleaseHistory>> parsed(pending.requests.size());
  std::vector<std::string> parse_errors(pending.requests.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    if (!request_of[i]) {
      continue;
    }
    size_t k = *request_of[i];
    const PackageRef& ref = packages[i];
    if (pending.bodies[k] && !parsed[k] && parse_errors[k].empty()) {
      std::string where = redact_url(pending.requests[k].url);
      auto history = clients.at(ref.ecosystem)->read_release_history(*pending.bodies[k], where);
      if (history) {
        parsed[k] = std::move(*history);
      } else {
        parse_errors[k] = history.error().str();
      }
      if (parsed[k] && fetch != nullptr) {
        // A cache failure costs only the offline checks.
        (void)cache.put_metadata(cache_key(pending.requests[k].url), {"", *pending.bodies[k]});
      }
    }
    if (!parsed[k]) {
      std::string why = pending.errors[k].empty() ? parse_errors[k] : pending.errors[k];
      round.findings[i].push_back(registry_signals_not_done(why, options));
      continue;
    }
    round.findings[i] = registry_signals(ref, *parsed[k], options);
    if (const ReleaseInfo* release = find_release(*parsed[k], ref.ecosystem, ref.version)) {
      round.releases[i] = *release;
    }
  }
  return round;
}

}  // namespace tarsier
