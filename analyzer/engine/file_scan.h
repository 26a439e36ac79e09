// Analysis of one file: the lexical signals computed for every code file whatever the mode
// (strings, unicode, minified/obfuscated shape), then, when the language's pre-filter says a
// rule could match (or in full-parse mode), a tree-sitter parse and one query pass.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/line_index.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/ruleset.h"
#include "analyzer/engine/threats.h"

namespace tarsier {

struct FileJob {
  std::string path;  // path in the package; findings carry it
  std::string_view data;
  std::optional<Lang> lang;  // nullopt: lexical signals only
  bool install_time = false;
  int line_offset = 0;   // for code embedded in another file (package.json scripts)
  int fixed_line = 0;    // when non-zero every finding is placed on this line
  int decode_depth = 0;  // decode steps that produced `data` (payload_decode.h); 0 for a file
  // Past it, files go straight to region analysis (AnalyzerOptions::package_budget_us).
  std::optional<std::chrono::steady_clock::time_point> package_deadline;
  // Built on the first locate() for `data` (rebuilt if a copy of the job points elsewhere).
  mutable std::shared_ptr<const LineIndex> line_index;

  // 1-based line and column of an offset of `data`.
  void locate(size_t offset, int* line, int* column) const {
    if (!line_index || !line_index->covers(data)) {
      line_index = std::make_shared<const LineIndex>(data, LineBreaks::lf_only);
    }
    line_index->position(offset, line, column);
  }
};

struct FileOutcome {
  std::vector<Signal> signals;
  bool parsed = false;
  double minified = 0;
  double obfuscated = 0;
};

FileOutcome scan_file(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job);

// Decoded payloads (payload_decode.h) of `job`, each analysed as code of the same file; the
// signals sit on the literal, carry the decode chain and the tag `decoded` (file_scan.cpp).
void payload_signals(const RuleSet& rules, const AnalyzerOptions& options, const FileJob& job,
                     FileOutcome* out);

// Lexical detectors (lexical_scan.cpp). Appends signals for `job`.
void lexical_signals(const RuleSet& rules, const FileJob& job, FileOutcome* out);

// The source line holding `offset`, trimmed and cut to about 160 bytes around the column.
std::string snippet_at(std::string_view data, size_t offset);

// A finding for a lexical detector; tags come from the caller.
Signal make_signal(const FileJob& job, size_t offset, std::string rule, std::string_view capability,
                   Risk severity, std::string message, std::vector<std::string> tags);

// Gives a signal its byte range, making it positional for near:N threats (rules/threats.txt).
void mark_position(const FileJob& job, size_t begin, size_t end, Signal* s);

}  // namespace tarsier
