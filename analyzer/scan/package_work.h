// The per-package steps of a scan, kept apart from the scheduling in scanner.cpp: deciding what
// needs no download, verifying, unpacking and analysing one package's archives.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/core/package.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/registry/release_history.h"

namespace tarsier {

class RiskDb;
class TarballCache;
class WorkerPool;

// What analyses a package: the engine in this process, or a confined worker of `pool`.
struct AnalysisSetup {
  const Analyzer& analyzer;
  const ArchiveLimits& limits;
  WorkerPool* pool = nullptr;       // null: in this process (--no-confine)
  FileCache* file_cache = nullptr;  // per-file outcomes, in this process or a worker; may be null
};

struct PackageWork {
  PackageResult result;
  std::vector<ArchiveDownload> downloads;  // what locate() asked for
  std::vector<std::string> archives;       // bytes, one per download
  std::map<size_t, bool> verified;         // archives already verified (served by the cache)
  // Archives the cache holds, read (and verified) by the analysis thread rather than all at
  // once up front, so a warm scan keeps only the archives being analysed in memory.
  std::vector<size_t> in_cache;
  int pending = 0;  // downloads still in flight
  // Downloads put in the archive cache as they arrived (the scanner's memory bound): slot ->
  // bytes. Already verified; read back from the cache for analysis.
  std::map<size_t, uint64_t> spilled;
  std::string download_error;
  std::chrono::steady_clock::time_point started{};  // when its download or analysis began
  // The registry's entry for this version when the registry signals run: the archive's manifest
  // is kept for manifest_confusion() (`archive_read` tells that the archive was unpacked).
  const ReleaseInfo* registry_release = nullptr;
  bool archive_read = false;
  std::optional<std::string> archive_manifest;  // the top-level package.json, when asked for
};

// Settles packages that need no download: local (link/workspace) and unsupported sources,
// unknown ecosystems, and results already in the risk database. True when settled.
bool settle_without_download(PackageWork& work,
                             const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients,
                             RiskDb* db, const std::string& analyzer_version);

// Settles a package from a result stored under this integrity and analyzer version, if any.
bool settle_from_database(PackageWork& work, RiskDb* db, const std::string& integrity,
                          const std::string& analyzer_version);

// Reads the archives listed in `in_cache` from the cache; one that has disappeared or no longer
// matches its integrity is downloaded again (never with `fetch` null: offline). False with
// PackageResult::error when that fails.
bool load_cached_archives(PackageWork& work, const TarballCache& cache, const FetchOptions* fetch);

// Verifies the archives not yet verified against their integrity and stores them in the cache.
// False (and the package settled as critical) when an archive does not match its integrity, or
// with PackageResult::error when the integrity cannot be checked.
bool verify_archives(PackageWork& work, const TarballCache& cache);

// Verifies every archive against its integrity (mismatch: critical finding, no analysis), stores
// verified downloads in the cache, then unpacks in memory and runs the analyzer, in a confined
// worker when `setup` has a pool (a failed worker is the package's error), else in this process
// with the file-level result cache of `setup` when it has one.
void analyse_package(PackageWork& work, const AnalysisSetup& setup, const TarballCache& cache,
                     RiskDb* db);

// A finding recording that the result could not be stored.
Finding database_error_finding(const std::string& error);

// Tool version plus ruleset version: what a stored result must match to be reused.
std::string analyzer_version_of(const Analyzer& analyzer);

}  // namespace tarsier
