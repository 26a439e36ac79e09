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

// What the analysis of a package's archive concluded, before any context or policy.
struct AnalysisOutcome {
  Risk risk = Risk::none;
  std::vector<std::string> threats;  // correlated threat ids, sorted, unique
};

// The outcome of scanning one package.
struct PackageResult {
  PackageRef ref;
  std::string integrity;  // the integrity actually verified ("" when nothing was downloaded)
  // The verdict: set only by decide_verdict() (analyzer/policy/verdict.h) from `analysis`, the
  // context findings and the policy. Reports, diff, history and the scan record read these.
  Risk risk = Risk::none;
  std::vector<std::string> capabilities;  // sorted, unique
  std::vector<std::string> threats;       // correlated threat ids, sorted, unique
  // The archive's analysis (the engine, or the result cache): set once, never changed; the
  // result cache stores this one, shared by scans under other policies.
  AnalysisOutcome analysis;
  std::vector<Finding> findings;
  // Lower-case hex sha256 of each file that has a finding, so a policy suppression pinned to a
  // file's content can be checked without the archive (also for results read from the database).
  std::map<std::string, std::string> file_sha256;
  PackageStats stats;
  std::string error;             // non-empty when the package could not be fetched or analysed
  std::string unreachable_host;  // "host:port" when the error is that host being unreachable
  bool from_cache = false;       // archive bytes came from the local tarball cache
  bool result_cached = false;    // the whole result was read from the risk database
};

}  // namespace tarsier
