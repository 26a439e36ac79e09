// The pipeline for a list of packages: locate → download (parallel) → verify → cache → unpack in
// memory → analyse (parallel) → record in the risk database. Every package gets a result; a
// failure is recorded in PackageResult::error and never stops the others.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/core/package.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/scan/package_work.h"
#include "analyzer/scan/registry_signals.h"
#include "analyzer/scan/stored_file_cache.h"

namespace tarsier {

class RiskDb;
struct Policy;
struct LockfileContext;

// Where a scan stands, for a progress display.
struct ScanProgress {
  const char* phase = "resolve";  // resolve, download, analyse, record
  size_t done = 0;                // packages finished; never goes down
  size_t total = 0;
  std::string package;         // the package that finished last ("" at a phase change)
  double package_seconds = 0;  // how long its download wait and analysis took
  uint64_t bytes = 0;          // archive bytes downloaded or read from the cache so far
};

struct ScanOptions {
  FetchOptions fetch;
  ArchiveLimits limits;
  AnalyzerOptions analyzer;
  std::string cache_dir;  // "" = TarballCache::default_dir()
  bool offline = false;   // cache only; misses become package errors
  int jobs = 2;           // analysis threads
  // Downloaded archives waiting in memory for the analysis threads, at most (bytes); a download
  // beyond it is verified and put in the archive cache at once and read back in its turn, so a
  // cold scan's memory does not grow with the lockfile when the network outpaces analysis.
  uint64_t held_download_bytes = 64ull << 20;
  // Download, verify and cache the archives, nothing more (`tarsier fetch`): no analysis, no
  // result cache lookups.
  bool download_only = false;
  // Download and analyse versions the risk database knows as malware (OSV records); by default
  // they are reported as `known-malware` and never downloaded.
  bool fetch_known_malware = false;
  // Registry metadata signals (analyzer/scan/registry_signals.h): one release-history request
  // per registry package name, compared with the lockfile and the archive. Off by default: it
  // costs a full packument per package, where a lockfile with integrities needs no metadata.
  bool registry_signals = false;
  RegistrySignalOptions signal_options;
  // Archives are unpacked and analysed in confined worker processes (analyzer/confine) unless
  // `confine.enabled` is false (--no-confine).
  ConfineOptions confine;
  // The workers, when the caller started them before reading credentials and opening the
  // database (analyzer/cli/scan_setup.cpp): a worker pool forks its zygote when it is made, and
  // workers hold only what the process held then. Null: the scanner makes its own on first use.
  std::shared_ptr<WorkerPool> workers;
  // Suppressions applied to every result before it is recorded and reported; may be null.
  std::shared_ptr<const Policy> policy;
  // Called at each phase change and after each package, from any thread but never two calls at
  // once; may be empty.
  std::function<void(const ScanProgress&)> on_progress;
};

class Scanner {
 public:
  // `clients` maps an ecosystem id to its registry client. `db` may be null.
  Scanner(ScanOptions options, std::map<std::string, std::unique_ptr<EcosystemClient>> clients,
          std::shared_ptr<const Analyzer> analyzer, RiskDb* db, int64_t scan_id);

  // Scans every package; results are in the same order as `packages`. `progress` (optional) is
  // called from the scanning threads after each package, with the count done so far.
  std::vector<PackageResult> scan(
      const std::vector<PackageRef>& packages,
      const std::function<void(size_t done, size_t total)>& progress = {});

  // Warnings of the last scan() that concern the inputs as a whole (e.g. a lockfile resolved
  // against another registry than the configured one).
  const std::vector<std::string>& warnings() const { return m_warnings; }

  // Hosts the last scan() could not reach ("host:port", the error), each once: the packages
  // they cost carry PackageResult::unreachable_host.
  const std::vector<std::pair<std::string, std::string>>& unreachable_hosts() const {
    return m_unreachable;
  }

  // File-level result cache lookups so far (both zero without a risk database).
  ScanStats stats() const;

  // Analyses one archive already in memory (a local .tgz/.whl given on the command line).
  PackageResult scan_archive(const PackageRef& package, const std::string& bytes, ArchiveKind kind);

 private:
  // Adds a `known-malware` finding to every package an OSV record in the database names; true
  // for those that must not be downloaded.
  std::vector<bool> hold_known_malware(const std::vector<PackageRef>& packages,
                                       LockfileContext* context) const;
  // The engine in this process, or the confined workers (started on first use).
  AnalysisSetup analysis_setup(FileCache* files);
  // Says in the warnings when packages were analysed unconfined although confinement was on,
  // or confined by seccomp alone because the kernel offers no Landlock.
  void warn_if_unconfined();

  // The file-level result cache in the risk database, opened on first use; null without a
  // database (or when it cannot be opened: a warning says so).
  FileCache* file_cache();
  void flush_file_cache();

  ScanOptions m_options;
  std::unique_ptr<StoredFileCache> m_file_cache;
  bool m_file_cache_tried = false;
  std::map<std::string, std::unique_ptr<EcosystemClient>> m_clients;
  std::shared_ptr<const Analyzer> m_analyzer;
  RiskDb* m_db;
  int64_t m_scan_id;
  std::vector<std::string> m_warnings;
  std::vector<std::pair<std::string, std::string>> m_unreachable;
  std::shared_ptr<WorkerPool> m_pool;
};

}  // namespace tarsier
