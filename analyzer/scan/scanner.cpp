#include "analyzer/scan/scanner.h"

#include <algorithm>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/confine/sandbox.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_match.h"
#include "analyzer/policy/verdict.h"
#include "analyzer/scan/lockfile_context.h"
#include "analyzer/scan/package_work.h"
#include "analyzer/scan/release_round.h"
#include "analyzer/util/free_memory.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

// The hand-off between the download loop and the analysis threads. The biggest archive waiting
// goes first: a large package started last would leave the other threads idle at the end. It
// also counts the downloaded bytes that wait in memory, so the download loop can put archives in
// the cache rather than hold them when analysis is slower than the network.
class WorkQueue {
 public:
  // `archive_bytes` orders the queue; `held_bytes` of them are in memory until the package is
  // taken.
  void push(size_t index, uint64_t archive_bytes, uint64_t held_bytes) {
    {
      std::lock_guard lock(m_mutex);
      m_items.emplace(archive_bytes, index);
      m_held[index] = held_bytes;
      m_held_total += held_bytes;
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
    auto held = m_held.find(*index);
    m_held_total -= held->second;
    m_held.erase(held);
    return true;
  }
  uint64_t held_bytes() {
    std::lock_guard lock(m_mutex);
    return m_held_total;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_ready;
  // (archive bytes, package index): largest first, then the higher index (any fixed order).
  std::priority_queue<std::pair<uint64_t, size_t>> m_items;
  std::map<size_t, uint64_t> m_held;  // package index -> its downloaded bytes in memory
  uint64_t m_held_total = 0;
  bool m_closed = false;
};

// What every stage of one scan reads.
struct ScanEnvironment {
  const ScanOptions& options;
  const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients;
  const Analyzer& analyzer;
  AnalysisSetup analysis;
  RiskDb* db;
  int64_t scan_id;
  const std::function<void(size_t, size_t)>& progress;
};

// Registry metadata per package, for the packages whose lockfile entry does not say enough.
struct MetadataState {
  std::vector<std::optional<std::string>> body;
  std::vector<std::string> url;            // where the body came from
  std::vector<std::string> requested_url;  // the first metadata URL asked
  std::vector<bool> fresh;                 // fetched now: cached once it located the package
};

// One run of Scanner::scan, in its stages: plan (settle what needs no download), fetch
// (registry metadata, locating archives, downloads), analyse (a pool of threads) and record
// (the verdict, the database, the progress display), which every package reaches exactly once.
class ScanRun {
 public:
  // `releases` (empty unless the registry signals run) outlives the run.
  ScanRun(ScanEnvironment env, const std::vector<PackageRef>& packages,
          std::vector<std::vector<Finding>> context,
          const std::vector<std::optional<ReleaseInfo>>& releases)
      : m_env(env),
        m_cache(env.options.cache_dir),
        m_analyzer_version(analyzer_version_of(env.analyzer)),
        m_work(packages.size()),
        m_context(std::move(context)),
        m_http(env.options.fetch) {
    for (size_t i = 0; i < packages.size(); ++i) {
      m_work[i].result.ref = packages[i];
      if (i < releases.size() && releases[i]) {
        m_work[i].registry_release = &*releases[i];
      }
    }
    m_state.total = packages.size();
  }

  std::vector<PackageResult> run(const std::vector<bool>& held,
                                 std::vector<std::pair<std::string, std::string>>* unreachable) {
    std::vector<std::thread> workers;
    for (int t = 0; t < m_env.options.jobs; ++t) {
      workers.emplace_back([this] { analyse(); });
    }
    std::vector<size_t> to_locate = plan(held);
    tell("resolve", nullptr, 0);
    fetch_metadata(to_locate);
    locate(to_locate);
    tell("download", nullptr, 0);
    download();
    tell("analyse", nullptr, 0);
    m_queue.close();
    for (auto& worker : workers) {
      worker.join();
    }
    tell("record", nullptr, 0);
    *unreachable = m_http.unreachable_hosts();
    std::vector<PackageResult> results;
    results.reserve(m_work.size());
    for (auto& w : m_work) {
      results.push_back(std::move(w.result));
    }
    return results;
  }

 private:
  // Plan: packages that need no download (held as known malware, local, cached in the database,
  // unsupported sources) are recorded now; the others are returned, to be located.
  std::vector<size_t> plan(const std::vector<bool>& held) {
    std::vector<size_t> to_locate;
    RiskDb* db = m_env.options.download_only ? nullptr : m_env.db;
    std::vector<size_t> settled;
    for (size_t i = 0; i < m_work.size(); ++i) {
      if (held[i] || settle_without_download(m_work[i], m_env.clients, db, m_analyzer_version)) {
        settled.push_back(i);
      } else {
        to_locate.push_back(i);
      }
    }
    record_all(settled);
    return to_locate;
  }

  // Fetch, 1: registry metadata where the lockfile does not say enough.
  void fetch_metadata(const std::vector<size_t>& to_locate) {
    m_meta.body.resize(m_work.size());
    m_meta.url.resize(m_work.size());
    m_meta.requested_url.resize(m_work.size());
    m_meta.fresh.assign(m_work.size(), false);
    std::vector<FetchRequest> requests;
    std::vector<size_t> owners;
    for (size_t i : to_locate) {
      const PackageRef& ref = m_work[i].result.ref;
      if (auto request = m_env.clients.at(ref.ecosystem)->metadata_request(ref)) {
        m_meta.requested_url[i] = request->url;
        requests.push_back(*request);
        owners.push_back(i);
      }
    }
    if (m_env.options.offline) {
      read_cached_metadata(owners);
      return;
    }
    // A project the first index does not know (HTTP 404) is asked of the next one the client
    // names (PyPI's extra indexes), one round per index.
    for (int attempt = 1; !requests.empty(); ++attempt) {
      fetch_metadata_round(attempt, &requests, &owners);
    }
  }

  void read_cached_metadata(const std::vector<size_t>& owners) {
    for (size_t owner : owners) {
      if (auto cached = m_cache.get_metadata(m_meta.requested_url[owner])) {
        m_meta.body[owner] = std::move(cached->body);
        m_meta.url[owner] = std::move(cached->source_url);
      } else {
        m_work[owner].result.error =
            "offline: registry metadata is needed (no integrity in the lockfile) and is not "
            "cached (run tarsier fetch first)";
      }
    }
  }

  // One round of metadata requests; `requests` and `owners` become the next round's.
  void fetch_metadata_round(int attempt, std::vector<FetchRequest>* requests,
                            std::vector<size_t>* owners) {
    std::vector<FetchRequest> next;
    std::vector<size_t> next_owner;
    m_http.fetch_all(*requests, [&](size_t k, FetchResult&& fetched) {
      size_t owner = (*owners)[k];
      PackageResult& result = m_work[owner].result;
      if (fetched.ok()) {
        m_meta.body[owner] = std::move(fetched.body);
        m_meta.url[owner] = (*requests)[k].url;
        m_meta.fresh[owner] = true;
        result.error.clear();
        result.unreachable_host.clear();
        return;
      }
      result.error = "registry metadata: " + fetched.error;
      result.unreachable_host = fetched.unreachable_host;
      if (fetched.status == 404) {
        const auto& client = m_env.clients.at(result.ref.ecosystem);
        if (auto more = client->fallback_metadata_request(result.ref, attempt)) {
          next.push_back(std::move(*more));
          next_owner.push_back(owner);
        }
      }
    });
    *requests = std::move(next);
    *owners = std::move(next_owner);
  }

  // Fetch, 2: locate archives; serve them from the tarball cache or queue downloads.
  void locate(const std::vector<size_t>& to_locate) {
    std::vector<std::pair<size_t, uint64_t>> from_cache;  // (package, cached archive bytes)
    for (size_t i : to_locate) {
      if (!locate_one(i)) {
        record(i);
        continue;
      }
      uint64_t cached_bytes = 0;
      if (!queue_archives(i, &cached_bytes)) {
        record(i);
      } else if (m_work[i].pending == 0) {
        from_cache.emplace_back(i, cached_bytes);
      }
    }
    // Queued together, so the analysis threads start with the largest.
    for (auto [i, bytes] : from_cache) {
      m_queue.push(i, bytes, 0);
    }
  }

  // False when the package is settled (an error, or a stored result under the integrity the
  // registry gave).
  bool locate_one(size_t i) {
    PackageWork& w = m_work[i];
    if (!w.result.error.empty()) {
      return false;
    }
    const std::string* meta = m_meta.body[i] ? &*m_meta.body[i] : nullptr;
    auto located =
        m_env.clients.at(w.result.ref.ecosystem)->locate_at(w.result.ref, meta, m_meta.url[i]);
    if (located) {
      w.downloads = std::move(*located);
    }
    if (!located || w.downloads.empty()) {
      w.result.error = located ? "no archive found for this version" : located.error().str();
      return false;
    }
    if (m_meta.fresh[i]) {
      // Only metadata that located the package is kept: an error page never is.
      const std::string& requested = m_meta.requested_url[i];
      std::string source = m_meta.url[i] == requested ? "" : redact_url(m_meta.url[i]);
      (void)m_cache.put_metadata(requested, {source, *m_meta.body[i]});  // costs only --offline
    }
    if (w.result.ref.version.empty()) {
      w.result.ref.version = w.downloads.front().version;  // a spec without one: the latest
    }
    // The registry may know the integrity the lockfile did not give (or gave in another form).
    return m_env.options.download_only ||
           !settle_from_database(w, m_env.db, w.downloads.front().integrity, m_analyzer_version);
  }

  // Each archive of package `i` is in the cache (its size added to `cached_bytes`) or queued
  // for download; false with PackageResult::error when offline and one is missing.
  bool queue_archives(size_t i, uint64_t* cached_bytes) {
    PackageWork& w = m_work[i];
    w.archives.resize(w.downloads.size());
    for (size_t a = 0; a < w.downloads.size(); ++a) {
      if (auto size = m_cache.size_of(w.downloads[a].integrity)) {
        *cached_bytes += *size;
        w.in_cache.push_back(a);
        w.result.from_cache = true;
      } else if (m_env.options.offline) {
        w.result.error = "offline: " + w.downloads[a].file_name + " is not in the cache (" +
                         m_env.options.cache_dir + ")";
      } else {
        m_downloads.push_back(w.downloads[a].request);
        m_download_owner.emplace_back(i, a);
        ++w.pending;
      }
    }
    return w.result.error.empty();
  }

  // Fetch, 3: download; each package goes to the analysis threads once all its archives arrived.
  void download() {
    for (auto [i, a] : m_download_owner) {
      m_work[i].started = std::chrono::steady_clock::now();
    }
    m_http.fetch_all(m_downloads, [&](size_t k, FetchResult&& fetched) {
      auto [i, a] = m_download_owner[k];
      PackageWork& w = m_work[i];
      m_bytes += fetched.body.size();
      if (fetched.ok()) {
        w.archives[a] = std::move(fetched.body);
        spill_if_memory_is_full(w, a);
      } else if (w.download_error.empty()) {
        w.download_error = w.downloads[a].file_name + ": " + fetched.error;
        w.result.unreachable_host = fetched.unreachable_host;
      }
      if (--w.pending > 0) {
        return;
      }
      if (!w.download_error.empty()) {
        w.result.error = w.download_error;
        record(i);
        return;
      }
      uint64_t held = 0;
      for (const auto& archive : w.archives) {
        held += archive.size();
      }
      uint64_t spilled = 0;
      for (const auto& [slot, bytes] : w.spilled) {
        spilled += bytes;
      }
      m_queue.push(i, held + spilled, held);
    });
  }

  // Puts a download in the archive cache instead of memory when the downloads waiting for the
  // analysis threads already hold ScanOptions::held_download_bytes; one that does not verify, or
  // that the cache cannot take, stays in memory and meets verify_archives' verdict as usual.
  void spill_if_memory_is_full(PackageWork& w, size_t a) {
    uint64_t size = w.archives[a].size();
    if (m_queue.held_bytes() + size <= m_env.options.held_download_bytes) {
      return;
    }
    if (!m_cache.put(w.downloads[a].integrity, w.archives[a]).ok()) {
      return;
    }
    std::string().swap(w.archives[a]);  // assigning "" would keep the buffer
    w.in_cache.push_back(a);
    w.verified[a] = true;
    w.spilled[a] = size;
  }

  // Analyse: one analysis thread, taking packages whose archives are all in memory.
  void analyse() {
    size_t index = 0;
    while (m_queue.pop(&index)) {
      PackageWork& w = m_work[index];
      if (w.started == std::chrono::steady_clock::time_point{}) {
        w.started = std::chrono::steady_clock::now();
      }
      const ScanOptions& options = m_env.options;
      for (size_t a : w.in_cache) {
        if (w.spilled.count(a) == 0) {
          m_bytes += m_cache.size_of(w.downloads[a].integrity).value_or(0);
        }
      }
      if (options.download_only) {  // a spilled download was verified as it was cached
        std::erase_if(w.in_cache, [&](size_t a) { return w.spilled.count(a) != 0; });
      }
      bool loaded = load_cached_archives(w, m_cache, options.offline ? nullptr : &options.fetch);
      if (loaded && options.download_only) {
        verify_archives(w, m_cache);
      } else if (loaded) {
        analyse_package(w, m_env.analysis, m_cache, m_env.db);
      }
      if (w.registry_release != nullptr && w.archive_read) {
        auto found = manifest_confusion(w.result.ref, *w.registry_release, w.archive_manifest);
        m_context[index].insert(m_context[index].end(), found.begin(), found.end());
      }
      w.archives = {};  // `fetch` and failed packages still hold theirs
      record(index);
      // A package's files, trees and memo misses are freed by now; glibc keeps freed memory
      // in its arenas, so without this the peak of the largest package stays for the run.
      release_free_memory();
    }
  }

  // Record: the package's verdict, its row in the risk database, the progress display.
  void record(size_t index) {
    PackageResult& result = m_work[index].result;
    decide_verdict(&result, std::move(m_context[index]), m_env.options.policy.get());
    if (m_env.db != nullptr) {
      std::lock_guard lock(m_db_mutex);
      if (auto recorded = m_env.db->record_package(m_env.scan_id, result); !recorded) {
        result.findings.push_back(database_error_finding(recorded.error().str()));
      }
    }
    done(index);
  }

  // record() for many packages at once, in one database transaction.
  void record_all(const std::vector<size_t>& indices) {
    std::vector<const PackageResult*> results;
    for (size_t index : indices) {
      PackageResult& result = m_work[index].result;
      decide_verdict(&result, std::move(m_context[index]), m_env.options.policy.get());
      results.push_back(&result);
    }
    if (m_env.db != nullptr && !results.empty()) {
      std::lock_guard lock(m_db_mutex);
      std::vector<std::string> errors = m_env.db->record_packages(m_env.scan_id, results);
      for (size_t i = 0; i < indices.size(); ++i) {
        if (!errors[i].empty()) {
          m_work[indices[i]].result.findings.push_back(database_error_finding(errors[i]));
        }
      }
    }
    for (size_t index : indices) {
      done(index);
    }
  }

  // Counts a recorded package and tells the progress display.
  void done(size_t index) {
    const PackageResult& result = m_work[index].result;
    size_t n = ++m_done;
    if (m_env.progress) {
      m_env.progress(n, m_work.size());
    }
    auto started = m_work[index].started;
    double seconds =
        started == std::chrono::steady_clock::time_point{}
            ? 0
            : std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    tell(nullptr, &result, seconds);
  }

  // One call at a time; `done` is taken under the lock so the count shown never goes down.
  void tell(const char* phase, const PackageResult* finished, double seconds) {
    if (!m_env.options.on_progress) {
      return;
    }
    std::lock_guard lock(m_progress_mutex);
    m_state.phase = phase != nullptr ? phase : m_state.phase;
    m_state.done = std::max(m_state.done, m_done.load());
    m_state.package = finished != nullptr ? finished->ref.name + "@" + finished->ref.version : "";
    m_state.package_seconds = seconds;
    m_state.bytes = m_bytes.load();
    m_env.options.on_progress(m_state);
  }

  ScanEnvironment m_env;
  const TarballCache m_cache;
  const std::string m_analyzer_version;
  std::vector<PackageWork> m_work;
  std::vector<std::vector<Finding>> m_context;  // per package: joins its verdict
  HttpClient m_http;
  MetadataState m_meta;
  std::vector<FetchRequest> m_downloads;
  std::vector<std::pair<size_t, size_t>> m_download_owner;  // (package, archive slot)
  WorkQueue m_queue;
  std::atomic<size_t> m_done{0};
  std::atomic<uint64_t> m_bytes{0};
  std::mutex m_db_mutex, m_progress_mutex;
  ScanProgress m_state;
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
  // Lockfile-only signals join every result, whatever happens to the download.
  LockfileContext context = lockfile_context(packages, m_clients);
  m_warnings = std::move(context.warnings);
  std::vector<bool> held = hold_known_malware(packages, &context);
  std::vector<std::optional<ReleaseInfo>> releases;
  if (m_options.registry_signals) {
    const TarballCache cache(m_options.cache_dir);
    ReleaseRound round =
        release_round(packages, m_clients, m_options.offline ? nullptr : &m_options.fetch, cache,
                      m_options.signal_options);
    releases = std::move(round.releases);
    for (size_t i = 0; i < packages.size(); ++i) {
      auto& into = context.findings[i];
      into.insert(into.end(), round.findings[i].begin(), round.findings[i].end());
    }
  }
  FileCache* files = m_options.download_only ? nullptr : file_cache();
  ScanRun run({m_options, m_clients, *m_analyzer, analysis_setup(files), m_db, m_scan_id, progress},
              packages, std::move(context.findings), releases);
  std::vector<PackageResult> results = run.run(held, &m_unreachable);
  flush_file_cache();
  warn_if_unconfined();
  return results;
}

AnalysisSetup Scanner::analysis_setup(FileCache* files) {
  if (m_options.confine.enabled && !m_options.download_only && !m_pool) {
    m_pool = m_options.workers
                 ? m_options.workers
                 : std::make_shared<WorkerPool>(*m_analyzer, m_options.limits, m_options.confine);
  }
  return {*m_analyzer, m_options.limits, m_pool.get(), files};
}

void Scanner::warn_if_unconfined() {
  if (!m_pool) {
    return;
  }
  std::string reason = m_pool->unconfined_reason();
  std::string warning = "packages were analysed unconfined, in the scanning process: " + reason;
  if (reason.empty() && !m_pool->without_landlock_reason().empty()) {
    reason = m_pool->without_landlock_reason();  // as the workers said
    warning = "packages were analysed partly confined, by seccomp without Landlock: " + reason;
  }
  if (!reason.empty() &&
      std::find(m_warnings.begin(), m_warnings.end(), warning) == m_warnings.end()) {
    m_warnings.push_back(std::move(warning));
  }
}

FileCache* Scanner::file_cache() {
  // An in-memory database cannot be opened a second time: it goes without the file cache.
  if (!m_file_cache_tried && m_db != nullptr && m_db->path() != ":memory:") {
    m_file_cache_tried = true;
    auto opened = StoredFileCache::open(m_db->path(), analyzer_version_of(*m_analyzer));
    if (opened) {
      m_file_cache = std::move(*opened);
    } else {
      m_warnings.push_back("the file-level result cache is not used: " + opened.error().str());
    }
  }
  return m_file_cache.get();
}

ScanStats Scanner::stats() const {
  ScanStats stats;
  if (m_file_cache) {
    stats.file_cache_hits = m_file_cache->hits();
    stats.file_cache_misses = m_file_cache->misses();
  }
  return stats;
}

void Scanner::flush_file_cache() {
  if (m_file_cache && !m_file_cache->flush()) {
    m_warnings.push_back("file outcomes could not be stored in the risk database: " +
                         m_file_cache->last_error());
  }
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
  analyse_package(w, analysis_setup(file_cache()), cache, m_db);
  flush_file_cache();
  warn_if_unconfined();
  decide_verdict(&w.result, {}, m_options.policy.get());
  if (m_db != nullptr) {
    if (auto recorded = m_db->record_package(m_scan_id, w.result); !recorded) {
      w.result.findings.push_back(database_error_finding(recorded.error().str()));
    }
  }
  return std::move(w.result);
}

}  // namespace tarsier
