// What a lockfile says about one package, and what a scan concluded about it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/risk.h"

namespace tarsier {

// A package as declared by an input (lockfile entry, CLI spec, local archive).
struct PackageRef {
  std::string ecosystem = "npm";  // "npm" or "pypi"
  std::string name;               // real registry name (never an alias)
  std::string version;
  std::string integrity;            // SRI string(s) from the lockfile, may be empty
  std::string resolved;             // archive URL or path when the input gives one
  std::string source = "registry";  // registry | git | http | file | link | workspace
  std::string alias;                // local name when installed under another name
  bool dev = false;
  bool optional = false;
  bool peer = false;
  bool has_install_script = false;  // lockfile hint (npm hasInstallScript, pnpm requiresBuild)
  std::string lockfile;             // file the entry came from
  int line = 0;                     // 1-based line of the entry in that file; 0 if unknown
  // How the package entered the tree: the shortest chain of package names from a direct
  // dependency of the project down to this one ({"vite", "rollup",
  // "@rollup/rollup-linux-x64-gnu"}); one name for a direct dependency; empty when the input does
  // not say.
  std::vector<std::string> via;

  std::string id() const { return ecosystem + ":" + name + "@" + version; }
};

// Counters about the archive content of one package.
struct PackageStats {
  uint64_t archive_bytes = 0;
  uint64_t files = 0;
  uint64_t unpacked_bytes = 0;
  uint64_t parsed_files = 0;
  uint64_t analysis_us = 0;  // unpacking and analysing, wall-clock (not stored)
};

// The outcome of scanning one package.
struct PackageResult {
  PackageRef ref;
  std::string integrity;  // the integrity actually verified ("" when nothing was downloaded)
  Risk risk = Risk::none;
  std::vector<std::string> capabilities;  // sorted, unique
  std::vector<std::string> threats;       // correlated threat ids, sorted, unique
  std::vector<Finding> findings;
  // Lower-case hex sha256 of each file that has a finding, so a policy suppression pinned to a
  // file's content can be checked without the archive (also for results read from the database).
  std::map<std::string, std::string> file_sha256;
  PackageStats stats;
  std::string error;             // non-empty when the package could not be fetched or analysed
  std::string unreachable_host;  // "host:port" when the error is that host being unreachable
  bool from_cache = false;       // archive bytes came from the local tarball cache
  bool result_cached = false;    // the whole result was read from the risk database
  // The archive's own risk when context findings (Finding::context) raised `risk`; the result
  // cache stores this one. Unset: `risk` is the archive's risk.
  std::optional<Risk> analysis_risk;
  // The archive's own threats when a policy took some out of `threats`; the result cache stores
  // this one. Unset: `threats` are the archive's threats.
  std::optional<std::vector<std::string>> analysis_threats;
};

}  // namespace tarsier
