// Threat correlation and the package risk level. Threats are data (rules/threats.txt): each line
// names a threat, its severity, its scope (one file, or the whole package) and a condition over
// signal tags, e.g. `exfiltration high file secret-env|env-dump & net & shady-host`. A scope
// `near:N` is file scope where the tags of positional signals (rule matches, encoded blobs) must
// all fall within one window of N bytes; whole-file signals (shape, strings, install reach) count
// anywhere in the file (a suspicious host is positional in files of 256 KiB or more). This
// keeps a 3 MB bundle's unrelated `fetch` and `eval` apart.
// The scoring is documented in rules/README.md ("Risk level"):
//   risk = max( every behaviour finding's severity, capped at medium,
//               every threat's severity,
//               every finding passed in from outside the engine (integrity, archive), uncapped )
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/finding.h"
#include "analyzer/core/risk.h"

namespace tarsier {

struct ThreatDef {
  std::string id;
  Risk severity = Risk::high;
  bool package_scope = false;
  size_t window = 0;  // near:N scope: positional evidence within N bytes; 0 = whole file
  // before:N scope: the window is the N bytes before a signal of the condition's first group
  // (what feeds a call comes before it), not any N bytes around.
  bool before = false;
  std::string capability;
  std::vector<std::vector<std::string>> condition;  // AND of OR-groups of tags
  std::string message;
  int line = 0;
};

// Parses rules/threats.txt; nullopt with a located error on a bad line.
std::optional<std::vector<ThreatDef>> parse_threats(const std::string& path, std::string_view text,
                                                    Diagnostic* error);

// A finding plus the signal tags it contributes. `begin`/`end` are byte offsets in the file for
// positional signals; `whole_file` signals (file shape, first-occurrence string detectors, code
// embedded in a manifest) have no usable position and count anywhere in their file.
struct Signal {
  Finding finding;
  std::vector<std::string> tags;
  size_t begin = 0;
  size_t end = 0;
  bool whole_file = true;
  bool hidden = false;  // a repeat beyond the per-rule report cap: feeds threats, not reported
};

struct ThreatResult {
  std::vector<Finding> threat_findings;  // one per (threat, file) or per package threat
  std::vector<std::string> threats;      // sorted, unique ids
  Risk risk = Risk::none;
};

// Correlates `signals` (all findings of one package) into threats and computes the risk level.
// `extra` are findings from outside the engine; they count at their own severity.
ThreatResult correlate(const std::vector<ThreatDef>& defs, const std::vector<Signal>& signals,
                       const std::vector<Finding>& extra);

// The level at which plain capabilities stop: only threats and package problems go above it.
inline constexpr Risk k_capability_cap = Risk::medium;

}  // namespace tarsier
