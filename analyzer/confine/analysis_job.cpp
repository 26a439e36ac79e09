#include "analyzer/confine/analysis_job.h"

#include <algorithm>

#include "analyzer/core/capability.h"
#include "analyzer/core/new_finding.h"
#include "analyzer/engine/package_manifest.h"
#include "analyzer/util/integrity.h"

namespace tarsier {

namespace {

void take_manifest_identity(const std::vector<ArchiveEntry>& files, PackageRef* ref) {
  if (ref->source != "file") {
    return;
  }
  if (auto id = manifest_identity(files, ref->ecosystem)) {
    ref->name = id->name;
    if (!id->version.empty()) {
      ref->version = id->version;
    }
  }
}

// Unpacks every archive into `files`. With several archives (a Python sdist plus a wheel) the
// later ones are prefixed with their file name to keep paths apart; the first keeps its own
// paths so that install hooks at its root (setup.py) are still recognised. False with
// reply->error when an archive yields nothing.
bool unpack_all(const AnalysisJob& job, const ArchiveLimits& limits,
                std::vector<ArchiveEntry>* files, AnalysisReply* reply) {
  const bool prefix = job.archives.size() > 1;
  for (size_t a = 0; a < job.archives.size(); ++a) {
    const JobArchive& archive = job.archives[a];
    reply->stats.archive_bytes += archive.bytes.size();
    ArchiveContents contents = read_archive(archive.bytes, archive.kind, limits);
    const std::string& name = archive.file_name;
    if (!contents.error.empty() && contents.files.empty()) {
      reply->error = name + ": unreadable archive: " + contents.error;
      return false;
    }
    if (!contents.error.empty()) {
      reply->findings.push_back(make_finding(
          "archive-unreadable", capability::archive, Risk::medium,
          name + ": " + contents.error + " (the entries read before the error were analysed)"));
    }
    const bool renamed = prefix && a > 0;
    for (auto& finding : contents.findings) {
      if (renamed && !finding.file.empty()) {
        finding.file = name + "/" + finding.file;
      }
      reply->findings.push_back(std::move(finding));
    }
    reply->stats.unpacked_bytes += contents.unpacked_bytes;
    for (auto& entry : contents.files) {
      if (renamed) {
        entry.path = name + "/" + entry.path;
      }
      files->push_back(std::move(entry));
    }
  }
  return true;
}

// Content hashes of the files with findings, while the bytes are still here: a policy
// suppression may be pinned to one (analyzer/policy), also when the result is read back later.
void hash_files_with_findings(const std::vector<ArchiveEntry>& files, AnalysisReply* reply) {
  auto& hashes = reply->file_sha256;
  for (const auto& finding : reply->findings) {
    hashes.emplace(finding.file, "");
  }
  hashes.erase("");
  for (const auto& entry : files) {
    if (auto it = hashes.find(entry.path); it != hashes.end()) {
      it->second = hex_digest("sha256", entry.data);
    }
  }
  std::erase_if(hashes, [](const auto& item) { return item.second.empty(); });
}

}  // namespace

AnalysisReply run_analysis_job(const AnalysisJob& job, const Analyzer& analyzer,
                               const ArchiveLimits& limits, FileCache* file_cache) {
  AnalysisReply reply;
  reply.ref = job.ref;
  reply.findings = job.findings;
  std::vector<ArchiveEntry> files;
  if (!unpack_all(job, limits, &files, &reply)) {
    return reply;
  }
  reply.stats.files = files.size();
  take_manifest_identity(files, &reply.ref);
  reply.archive_read = true;
  if (job.want_manifest) {
    auto manifest = std::find_if(files.begin(), files.end(),
                                 [](const ArchiveEntry& f) { return f.path == "package.json"; });
    if (manifest != files.end()) {
      reply.manifest = manifest->data;
    }
  }
  // The engine sees `resolved` as the URL the archive was downloaded from: an install script
  // fetching from the package's own registry is judged by that host.
  PackageRef analysed = reply.ref;
  analysed.resolved = job.download_url;
  PackageAnalysis analysis = analyzer.analyze(analysed, files, reply.findings, file_cache);
  reply.findings = std::move(analysis.findings);
  reply.capabilities = std::move(analysis.capabilities);
  reply.analysis = {analysis.risk, std::move(analysis.threats)};
  reply.stats.parsed_files = analysis.parsed_files;
  hash_files_with_findings(files, &reply);
  return reply;
}

}  // namespace tarsier
