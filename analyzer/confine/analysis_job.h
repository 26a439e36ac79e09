// One package's untrusted work: unpacking its archives in memory and running the engine over
// the files. Plain data in, plain data out, so that it can run in a confined worker process
// (worker_pool.h) as well as in the scanning process.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/core/package.h"
#include "analyzer/engine/analyzer.h"

namespace tarsier {

struct JobArchive {
  std::string bytes;
  ArchiveKind kind = ArchiveKind::npm_tarball;
  std::string file_name;  // prefixes the paths of every archive but the first
};

struct AnalysisJob {
  PackageRef ref;
  std::string download_url;          // what the engine sees as `resolved`
  std::vector<JobArchive> archives;  // verified already
  std::vector<Finding> findings;     // found before the analysis (kept in the result)
  bool want_manifest = false;        // return the top-level package.json
  // In a worker: file outcomes are looked up and stored through the scanning process
  // (file_cache_link.h). Set from the message (wire.h), not by the caller.
  bool file_cache = false;
};

struct AnalysisReply {
  std::string error;  // the package could not be analysed (unreadable archive, failed worker)
  PackageRef ref;     // the job's, named by its manifest when its source is a local file
  std::vector<Finding> findings;
  std::vector<std::string> capabilities;
  AnalysisOutcome analysis;
  PackageStats stats;
  std::map<std::string, std::string> file_sha256;  // files with findings
  bool archive_read = false;
  std::optional<std::string> manifest;
};

// Unpacks the job's archives under `limits` and analyses the files, reading back and keeping
// per-file outcomes in `file_cache` when one is given: the risk database's in the scanning
// process, a WorkerFileCache (file_cache_link.h) in a confined worker.
AnalysisReply run_analysis_job(const AnalysisJob& job, const Analyzer& analyzer,
                               const ArchiveLimits& limits, FileCache* file_cache = nullptr);

}  // namespace tarsier
