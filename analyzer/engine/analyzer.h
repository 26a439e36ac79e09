// The behaviour engine: turns the files of one package into findings, capabilities, threats and
// a risk level. Rules are data under rules/ (embedded at build time, or loaded from a directory).
// One Analyzer is shared by all worker threads; analyze() is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/engine/file_cache.h"

namespace tarsier {

struct AnalyzerOptions {
  std::string rules_dir;    // "" = the rules embedded in the binary
  bool full_parse = false;  // parse every source file, skipping the lexical pre-filter
  uint64_t max_file_bytes = 16ull << 20;  // larger files get an analysis-skipped finding
  // Time budget of one file's parse and query pass; past it the file is analysed by regions
  // around the rules' needles (region_scan.h) with an `analysis-budget` finding.
  uint64_t parse_timeout_us = 4'000'000;
  // Time budget of one package's files; past it the remaining files go straight to regions.
  uint64_t package_budget_us = 10'000'000;
  // Time budget of one file's region analysis; windows left when it is spent are not analysed.
  uint64_t region_budget_us = 2'000'000;
  // Answer a file identical to one this analyzer has already analysed from that outcome
  // (FileMemo). Off, every file is analysed afresh and nothing is kept between packages: each
  // input of a fuzz target takes the same path every time it is run.
  bool reuse_identical_files = true;
};

// Per-file shape confidences in [0, 1], for files where either is above zero.
struct FileShape {
  std::string file;
  double minified = 0;    // long lines, little whitespace, short names
  double obfuscated = 0;  // string-array rotation, _0x names, escape density, decode-then-eval
};

struct PackageAnalysis {
  std::vector<Finding> findings;
  std::vector<std::string> capabilities;  // sorted, unique
  std::vector<std::string> threats;       // sorted, unique
  Risk risk = Risk::none;
  uint64_t parsed_files = 0;
  uint64_t reused_files = 0;  // identical to a file analysed earlier by this Analyzer
  uint64_t stored_files = 0;  // read back from the caller's FileCache instead of analysed
  std::vector<FileShape> file_signals;
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;

  // Loads and compiles the rules; an error ("path:line:col: ...") on a bad rule.
  static Result<std::unique_ptr<Analyzer>> create(const AnalyzerOptions& options);
  // The same analyzer, but the rules are compiled on the first analyze() call: a scan whose
  // results all come from the risk database never pays for compiling the queries. Only the rule
  // files' digest is computed now. Rules from a directory (options.rules_dir) are loaded at once
  // so their errors are reported before any work; the built-in ones are checked by the tests.
  static Result<std::unique_ptr<Analyzer>> create_deferred(const AnalyzerOptions& options);

  // Analyses one package's files. `extra_findings` (archive or lockfile problems) take part in
  // the risk computation and are included in the result. With `file_cache`, each file's outcome
  // is looked up there first (by content, rules and options) and stored there when analysed.
  PackageAnalysis analyze(const PackageRef& package, const std::vector<ArchiveEntry>& files,
                          const std::vector<Finding>& extra_findings,
                          FileCache* file_cache = nullptr) const {
    return analyze_files(package, files, extra_findings, file_cache);
  }

  // Identifies the ruleset, so stored results can be invalidated when rules change.
  virtual std::string ruleset_version() const = 0;

  // Compiles every language's rules now. Called before analysis workers are forked, so each
  // inherits them and none spends its job's time limit compiling; analyze() alone compiles only
  // the languages of the files it meets.
  virtual void prepare() const {}

 protected:
  virtual PackageAnalysis analyze_files(const PackageRef& package,
                                        const std::vector<ArchiveEntry>& files,
                                        const std::vector<Finding>& extra_findings,
                                        FileCache* file_cache) const = 0;
};

}  // namespace tarsier
