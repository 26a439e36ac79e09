#include "analyzer/scan/package_work.h"

#include <algorithm>
#include <chrono>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/core/capability.h"
#include "analyzer/core/new_finding.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/util/ascii.h"
#include "analyzer/util/integrity.h"

namespace tarsier {

namespace {

std::string_view algorithm_of(std::string_view sri) {
  auto dash = sri.find('-');
  return dash == std::string_view::npos ? std::string_view() : sri.substr(0, dash);
}

void add_capability(PackageResult& result, std::string_view capability) {
  std::string id(capability);
  if (std::find(result.capabilities.begin(), result.capabilities.end(), id) ==
      result.capabilities.end()) {
    result.capabilities.push_back(id);
    std::sort(result.capabilities.begin(), result.capabilities.end());
  }
}

// True when `bytes` start (after whitespace) with an HTML document: "<!doctype html" or "<html"
// within the first kilobyte. No archive format starts with '<'.
bool looks_like_html(std::string_view bytes) {
  size_t start = bytes.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || bytes[start] != '<') {
    return false;
  }
  std::string head = ascii_lower(bytes.substr(start, 1024));
  return head.starts_with("<!doctype html") || head.find("<html") != std::string::npos;
}

}  // namespace

bool load_cached_archives(PackageWork& work, const TarballCache& cache, const FetchOptions* fetch) {
  for (size_t a : work.in_cache) {
    if (auto bytes = cache.get(work.downloads[a].integrity)) {
      work.archives[a] = std::move(*bytes);
      work.verified[a] = true;
      continue;
    }
    if (fetch == nullptr) {
      work.result.error = "offline: the cached copy of " + work.downloads[a].file_name +
                          " was unreadable or damaged and has been removed";
      return false;
    }
    HttpClient http(*fetch);
    FetchResult fetched;
    http.fetch_all({work.downloads[a].request},
                   [&](size_t, FetchResult&& result) { fetched = std::move(result); });
    if (!fetched.ok()) {
      work.result.error = work.downloads[a].file_name +
                          " (the cached copy was unreadable or damaged): " + fetched.error;
      return false;
    }
    work.archives[a] = std::move(fetched.body);  // verified with the others
  }
  work.in_cache.clear();
  return true;
}

bool verify_archives(PackageWork& work, const TarballCache& cache) {
  for (size_t a = 0; a < work.archives.size(); ++a) {
    const ArchiveDownload& download = work.downloads[a];
    if (work.verified.count(a) != 0) {
      continue;
    }
    std::string detail;
    IntegrityCheck check = check_integrity(download.integrity, work.archives[a], &detail);
    if (check == IntegrityCheck::unsupported) {
      work.result.error = download.file_name + ": cannot verify integrity '" + download.integrity +
                          "' (" + detail + ")";
      return false;
    }
    if (check == IntegrityCheck::mismatch && looks_like_html(work.archives[a])) {
      // A login page, a proxy's error page or a captive portal: a failed download, not a
      // tampered archive (the digest of a page says nothing about the package).
      work.result.error = download.file_name +
                          ": the server sent an HTML page instead of an archive; nothing was "
                          "analysed or cached";
      return false;
    }
    if (check == IntegrityCheck::mismatch) {
      work.result.findings.push_back(make_finding(
          "integrity-mismatch", capability::integrity, Risk::critical,
          download.file_name + " does not match the " + download.integrity_source + " integrity " +
              download.integrity + " (" + detail + "); the archive was not analysed"));
      work.result.analysis.risk = Risk::critical;
      add_capability(work.result, capability::integrity);
      work.result.analysis.threats.push_back("tampered-archive");
      return false;
    }
    (void)cache.put(download.integrity, work.archives[a]);  // a cache failure costs only speed
  }
  return true;
}

namespace {

void unpack_and_analyse(PackageWork& work, const AnalysisSetup& setup, const TarballCache& cache,
                        RiskDb* db);

void check_republished(PackageWork& work, RiskDb* db) {
  // A local archive or folder changes whenever its owner edits it; only what a registry served
  // can be republished.
  if (db == nullptr || work.result.integrity.empty() || work.result.ref.source == "file") {
    return;
  }
  const PackageRef& ref = work.result.ref;
  auto known = db->known_integrity(ref.ecosystem, ref.name, ref.version);
  if (!known || known->empty() || *known == work.result.integrity ||
      algorithm_of(*known) != algorithm_of(work.result.integrity)) {
    return;
  }
  work.result.findings.push_back(
      make_finding("integrity-republished", capability::integrity, Risk::critical,
                   ref.name + "@" + ref.version + " was recorded earlier with integrity " + *known +
                       " and now has " + work.result.integrity +
                       ": the same version was republished or tampered with"));
}

// A local archive is named by its file name only until its manifest is read: `03-foo.tgz`
// holding package.json name `foo` is `foo@<version>`, so name checks (typosquat) see `foo`.
}  // namespace

bool settle_without_download(PackageWork& work,
                             const std::map<std::string, std::unique_ptr<EcosystemClient>>& clients,
                             RiskDb* db, const std::string& analyzer_version) {
  PackageResult& result = work.result;
  const PackageRef& ref = result.ref;
  if (ref.source == "link" || ref.source == "workspace") {
    result.findings.push_back(
        make_finding("local-package", capability::source, Risk::none,
                     "local " + ref.source + " package: part of the project, not fetched"));
    return true;
  }
  // Reported by the lockfile signals (non-registry-dependency), added when the package settles.
  if (ref.source == "git" || ref.source == "file" ||
      (ref.source == "http" && ref.integrity.empty())) {
    return true;
  }
  if (clients.count(ref.ecosystem) == 0) {
    result.error = "no registry client for ecosystem '" + ref.ecosystem + "'";
    return true;
  }
  // Results are stored under the one integrity token the archive was verified with: the
  // strongest of the lockfile's.
  return settle_from_database(work, db, normalize_integrity(ref.integrity), analyzer_version);
}

bool settle_from_database(PackageWork& work, RiskDb* db, const std::string& integrity,
                          const std::string& analyzer_version) {
  if (db == nullptr || integrity.empty()) {
    return false;
  }
  auto cached = db->find_cached(work.result.ref, integrity, analyzer_version);
  if (!cached) {
    return false;
  }
  PackageRef keep = work.result.ref;
  work.result = std::move(*cached);
  work.result.ref = keep;
  work.result.result_cached = true;
  return true;
}

void analyse_package(PackageWork& work, const AnalysisSetup& setup, const TarballCache& cache,
                     RiskDb* db) {
  auto started = std::chrono::steady_clock::now();
  unpack_and_analyse(work, setup, cache, db);
  work.result.stats.analysis_us =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count());
}

namespace {

AnalysisJob job_of(PackageWork& work) {
  AnalysisJob job;
  job.ref = work.result.ref;
  job.download_url = work.downloads.front().request.url;
  job.findings = work.result.findings;
  job.want_manifest = work.registry_release != nullptr && work.registry_release->has_manifest;
  for (size_t a = 0; a < work.archives.size(); ++a) {
    job.archives.push_back(
        {std::move(work.archives[a]), work.downloads[a].kind, work.downloads[a].file_name});
  }
  work.archives.clear();
  return job;
}

void take_reply(AnalysisReply reply, PackageWork& work) {
  PackageResult& result = work.result;
  result.stats.archive_bytes += reply.stats.archive_bytes;
  if (!reply.error.empty()) {
    result.error = std::move(reply.error);
    return;
  }
  result.ref = std::move(reply.ref);
  result.stats.files = reply.stats.files;
  result.stats.unpacked_bytes += reply.stats.unpacked_bytes;
  result.stats.parsed_files = reply.stats.parsed_files;
  work.archive_read = reply.archive_read;
  work.archive_manifest = std::move(reply.manifest);
  result.findings = std::move(reply.findings);
  result.capabilities = std::move(reply.capabilities);
  result.analysis = std::move(reply.analysis);
  result.file_sha256 = std::move(reply.file_sha256);
}

void unpack_and_analyse(PackageWork& work, const AnalysisSetup& setup, const TarballCache& cache,
                        RiskDb* db) {
  if (!verify_archives(work, cache)) {
    return;
  }
  work.result.integrity = work.downloads.front().integrity;
  check_republished(work, db);
  AnalysisJob job = job_of(work);
  take_reply(setup.pool != nullptr
                 ? setup.pool->run(job, setup.file_cache)
                 : run_analysis_job(job, setup.analyzer, setup.limits, setup.file_cache),
             work);
}

}  // namespace

Finding database_error_finding(const std::string& error) {
  return make_finding("database-write-failed", capability::analysis, Risk::low,
                      "the result could not be stored in the risk database: " + error);
}

std::string analyzer_version_of(const Analyzer& analyzer) {
  return RiskDb::analyzer_version(TARSIER_VERSION, analyzer.ruleset_version());
}

}  // namespace tarsier
