#include "analyzer/scan/scanner.h"

#include <algorithm>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_match.h"
#include "analyzer/policy/policy_apply.h"
#include "analyzer/scan/lockfile_context.h"
#include "analyzer/scan/package_work.h"
#include "analyzer/scan/release_round.h"
#include "analyzer/util/free_memory.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

// The hand-off between the download loop and the analysis threads. The biggest archive waiting
// goes first: a large package started last would leave the other threads idle at the end.
class WorkQueue {
 public:
  void push(size_t index, uint64_t archive_bytes) {
    {
      std::lock_guard lock(m_mutex);
      m_items.emplace(archive_bytes, index);
    }
    m_ready.notify_one();
  }
  void close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_ready.notify_all();
  }
  // False when the queue is closed and drained.
  bool pop(size_t* index) {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return m_closed || !m_items.empty(); });
    if (m_items.empty()) {
      return false;
    }
    *index = m_items.top().second;
    m_items.pop();
    return true;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_ready;
  // (archive bytes, package index): largest first, then the higher index (any fixed order).
  std::priority_queue<std::pair<uint64_t, size_t>> m_items;
  bool m_closed = false;
};

}  // namespace

std::vector<bool> Scanner::hold_known_malware(const std::vector<PackageRef>& packages,
                                              LockfileContext* context) const {
  std::vector<bool> held(packages.size(), false);
  if (m_db == nullptr) {
    return held;
  }
  for (size_t i = 0; i < packages.size(); ++i) {
    std::vector<Finding> found = known_malware_findings(*m_db, packages[i]);
    if (found.empty()) {
      continue;
    }
    held[i] = !m_options.fetch_known_malware;
    for (auto& finding : found) {
      if (held[i]) {
        finding.message += "; not downloaded (--fetch-known-malware downloads and analyses it)";
      }
      context->findings[i].push_back(std::move(finding));
    }
  }
  return held;
}

Scanner::Scanner(ScanOptions options,
                 std::map<std::string, std::unique_ptr<EcosystemClient>> clients,
                 std::shared_ptr<const Analyzer> analyzer, RiskDb* db, int64_t scan_id)
    : m_options(std::move(options)),
      m_clients(std::move(clients)),
      m_analyzer(std::move(analyzer)),
      m_db(db),
      m_scan_id(scan_id) {
  if (m_options.cache_dir.empty()) {
    m_options.cache_dir = TarballCache::default_dir();
  }
  if (m_options.jobs < 1) {
    m_options.jobs = 1;
  }
}

std::vector<PackageResult> Scanner::scan(const std::vector<PackageRef>& packages,
                                         const std::function<void(size_t, size_t)>& progress) {
  const TarballCache cache(m_options.cache_dir);
  const std::string analyzer_version = analyzer_version_of(*m_analyzer);
  std::vector<PackageWork> work(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    work[i].result.ref = packages[i];
  }

  // Lockfile-only signals join every result, whatever happens to the download.
  LockfileContext context = lockfile_context(packages, m_clients);
  m_warnings = std::move(context.warnings);
  std::vector<bool> held = hold_known_malware(packages, &context);
  std::vector<std::optional<ReleaseInfo>> releases;
  if (m_options.registry_signals) {
    ReleaseRound round =
        release_round(packages, m_clients, m_options.offline ? nullptr : &m_options.fetch, cache,
                      m_options.signal_options);
    releases = std::move(round.releases);
    for (size_t i = 0; i < packages.size(); ++i) {
      auto& into = context.findings[i];
      into.insert(into.end(), round.findings[i].begin(), round.findings[i].end());
      work[i].registry_release = releases[i] ? &*releases[i] : nullptr;
    }
  }

  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes{0};
  std::mutex db_mutex, progress_mutex;
  ScanProgress state;
  state.total = packages.size();
  // One call at a time; `done` is taken under the lock so the count shown never goes down.
  auto tell = [&](const char* phase, const PackageResult* finished, double seconds) {
    if (!m_options.on_progress) {
      return;
    }
    std::lock_guard lock(progress_mutex);
    state.phase = phase != nullptr ? phase : state.phase;
    state.done = std::max(state.done, done.load());
    state.package = finished != nullptr ? finished->ref.name + "@" + finished->ref.version : "";
    state.package_seconds = seconds;
    state.bytes = bytes.load();
    m_options.on_progress(state);
  };
  auto finish = [&](size_t index) {
    PackageResult& result = work[index].result;
    add_context_findings(result, std::move(context.findings[index]));
    if (m_options.policy != nullptr) {
      apply_policy(*m_options.policy, &result);
    }
    if (m_db != nullptr) {
      std::string error;
      std::lock_guard lock(db_mutex);
      if (!m_db->record_package(m_scan_id, result, &error)) {
        result.findings.push_back(database_error_finding(error));
      }
    }
    size_t n = ++done;
    if (progress) {
      progress(n, packages.size());
    }
    auto started = work[index].started;
    double seconds =
        started == std::chrono::steady_clock::time_point{}
            ? 0
            : std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    tell(nullptr, &result, seconds);
  };

  // Analysis threads take packages whose archives are all in memory.
  WorkQueue queue;
  std::vector<std::thread> workers;
  for (int t = 0; t < m_options.jobs; ++t) {
    workers.emplace_back([&] {
      size_t index = 0;
      while (queue.pop(&index)) {
        PackageWork& w = work[index];
        if (w.started == std::chrono::steady_clock::time_point{}) {
          w.started = std::chrono::steady_clock::now();
        }
        for (size_t a : w.in_cache) {
          bytes += cache.size_of(w.downloads[a].integrity).value_or(0);
        }
        bool loaded =
            load_cached_archives(w, cache, m_options.offline ? nullptr : &m_options.fetch);
        if (loaded && m_options.download_only) {
          verify_archives(w, cache);
        } else if (loaded) {
          analyse_package(w, *m_analyzer, m_options.limits, cache, m_db);
        }
        if (w.registry_release != nullptr && w.archive_read) {
          auto found = manifest_confusion(w.result.ref, *w.registry_release, w.archive_manifest);
          context.findings[index].insert(context.findings[index].end(), found.begin(), found.end());
        }
        finish(index);
        // A package's files, trees and memo misses are freed by now; glibc keeps freed memory
        // in its arenas, so without this the peak of the largest package stays for the run.
        release_free_memory();
      }
    });
  }

  // 1. Packages that need no download (local, cached in the database, unsupported sources).
  std::vector<size_t> to_locate;
  for (size_t i = 0; i < work.size(); ++i) {
    if (held[i]) {
      finish(i);
    } else if (settle_without_download(work[i], m_clients, m_options.download_only ? nullptr : m_db,
                                       analyzer_version)) {
      finish(i);
    } else {
      to_locate.push_back(i);
    }
  }

  // 2. Registry metadata where the lockfile does not say enough.
  tell("resolve", nullptr, 0);
  HttpClient http(m_options.fetch);
  std::vector<FetchRequest> meta_requests;
  std::vector<size_t> meta_owner;
  for (size_t i : to_locate) {
    auto request = m_clients.at(work[i].result.ref.ecosystem)->metadata_request(work[i].result.ref);
    if (request) {
      meta_requests.push_back(*request);
      meta_owner.push_back(i);
    }
  }
  std::vector<std::optional<std::string>> metadata(work.size());
  std::vector<std::string> metadata_url(work.size());
  std::vector<std::string> requested_url(work.size());  // the first metadata URL asked
  std::vector<bool> fresh(work.size(), false);          // fetched now: cache once located
  for (size_t k = 0; k < meta_owner.size(); ++k) {
    requested_url[meta_owner[k]] = meta_requests[k].url;
  }
  if (m_options.offline) {
    for (size_t owner : meta_owner) {
      if (auto cached = cache.get_metadata(requested_url[owner])) {
        metadata[owner] = std::move(cached->body);
        metadata_url[owner] = std::move(cached->source_url);
      } else {
        work[owner].result.error =
            "offline: registry metadata is needed (no integrity in the lockfile) and is not "
            "cached (run tarsier fetch first)";
      }
    }
  }
  // A project the first index does not know (HTTP 404) is asked of the next one the client
  // names (PyPI's extra indexes), one round per index.
  for (int attempt = 1; !m_options.offline && !meta_requests.empty(); ++attempt) {
    std::vector<FetchRequest> next;
    std::vector<size_t> next_owner;
    http.fetch_all(meta_requests, [&](size_t k, FetchResult&& fetched) {
      size_t owner = meta_owner[k];
      PackageResult& result = work[owner].result;
      if (fetched.ok()) {
        metadata[owner] = std::move(fetched.body);
        metadata_url[owner] = meta_requests[k].url;
        fresh[owner] = true;
        result.error.clear();
        result.unreachable_host.clear();
        return;
      }
      result.error = "registry metadata: " + fetched.error;
      result.unreachable_host = fetched.unreachable_host;
      if (fetched.status == 404) {
        const auto& client = m_clients.at(result.ref.ecosystem);
        if (auto more = client->fallback_metadata_request(result.ref, attempt)) {
          next.push_back(std::move(*more));
          next_owner.push_back(owner);
        }
      }
    });
    meta_requests = std::move(next);
    meta_owner = std::move(next_owner);
  }

  // 3. Locate archives; serve them from the tarball cache or queue downloads.
  std::vector<FetchRequest> downloads;
  std::vector<std::pair<size_t, size_t>> download_owner;  // (package, archive slot)
  std::vector<std::pair<size_t, uint64_t>> from_cache;    // (package, cached archive bytes)
  for (size_t i : to_locate) {
    PackageWork& w = work[i];
    if (!w.result.error.empty()) {
      finish(i);
      continue;
    }
    std::string error;
    const std::string* meta = metadata[i] ? &*metadata[i] : nullptr;
    w.downloads = m_clients.at(w.result.ref.ecosystem)
                      ->locate_at(w.result.ref, meta, metadata_url[i], &error);
    if (w.downloads.empty()) {
      w.result.error = error.empty() ? "no archive found for this version" : error;
      finish(i);
      continue;
    }
    if (fresh[i]) {
      // Only metadata that located the package is kept: an error page never is.
      std::string source = metadata_url[i] == requested_url[i] ? "" : redact_url(metadata_url[i]);
      cache.put_metadata(requested_url[i], {source, *metadata[i]}, &error);
    }
    if (w.result.ref.version.empty()) {
      w.result.ref.version = w.downloads.front().version;  // a spec without one: the latest
    }
    // The registry may know the integrity the lockfile did not give (or gave in another form).
    if (!m_options.download_only &&
        settle_from_database(w, m_db, w.downloads.front().integrity, analyzer_version)) {
      finish(i);
      continue;
    }
    w.archives.resize(w.downloads.size());
    uint64_t cached_bytes = 0;
    for (size_t a = 0; a < w.downloads.size(); ++a) {
      if (auto size = cache.size_of(w.downloads[a].integrity)) {
        cached_bytes += *size;
        w.in_cache.push_back(a);
        w.result.from_cache = true;
      } else if (m_options.offline) {
        w.result.error = "offline: " + w.downloads[a].file_name + " is not in the cache (" +
                         m_options.cache_dir + ")";
      } else {
        downloads.push_back(w.downloads[a].request);
        download_owner.emplace_back(i, a);
        ++w.pending;
      }
    }
    if (!w.result.error.empty()) {
      finish(i);
    } else if (w.pending == 0) {
      from_cache.emplace_back(i, cached_bytes);
    }
  }
  // Queued together, so the analysis threads start with the largest.
  for (auto [i, bytes] : from_cache) {
    queue.push(i, bytes);
  }

  // 4. Download; each package goes to the analysis threads once all its archives arrived.
  tell("download", nullptr, 0);
  for (auto [i, a] : download_owner) {
    work[i].started = std::chrono::steady_clock::now();
  }
  http.fetch_all(downloads, [&](size_t k, FetchResult&& fetched) {
    auto [i, a] = download_owner[k];
    PackageWork& w = work[i];
    bytes += fetched.body.size();
    if (fetched.ok()) {
      w.archives[a] = std::move(fetched.body);
    } else if (w.download_error.empty()) {
      w.download_error = w.downloads[a].file_name + ": " + fetched.error;
      w.result.unreachable_host = fetched.unreachable_host;
    }
    if (--w.pending == 0) {
      if (!w.download_error.empty()) {
        w.result.error = w.download_error;
        finish(i);
      } else {
        uint64_t bytes = 0;
        for (const auto& archive : w.archives)
          bytes += archive.size();
        queue.push(i, bytes);
      }
    }
  });

  tell("analyse", nullptr, 0);
  queue.close();
  for (auto& worker : workers) {
    worker.join();
  }
  tell("record", nullptr, 0);
  m_unreachable = http.unreachable_hosts();

  std::vector<PackageResult> results;
  results.reserve(work.size());
  for (auto& w : work) {
    results.push_back(std::move(w.result));
  }
  return results;
}

PackageResult Scanner::scan_archive(const PackageRef& package, const std::string& bytes,
                                    ArchiveKind kind) {
  const TarballCache cache(m_options.cache_dir);
  PackageWork w;
  w.result.ref = package;
  ArchiveDownload local;
  local.integrity = sri_sha512(bytes);
  local.integrity_source = "local file";
  local.kind = kind;
  local.file_name = package.resolved;
  w.downloads.push_back(local);
  w.archives.push_back(bytes);
  w.verified[0] = true;
  analyse_package(w, *m_analyzer, m_options.limits, cache, m_db);
  if (m_options.policy != nullptr) {
    apply_policy(*m_options.policy, &w.result);
  }
  if (m_db != nullptr) {
    std::string error;
    if (!m_db->record_package(m_scan_id, w.result, &error)) {
      w.result.findings.push_back(database_error_finding(error));
    }
  }
  return std::move(w.result);
}

}  // namespace tarsier
