// One observation about a package: a rule match, an archive problem, an integrity failure.
#pragma once

#include <string>

#include "analyzer/core/risk.h"

namespace tarsier {

struct Finding {
  std::string rule;        // stable rule id, e.g. "js-child-process" or "integrity-mismatch"
  std::string capability;  // one of analyzer/core/capability.h
  Risk severity = Risk::low;
  std::string message;        // what was found and why it matters
  std::string file;           // path inside the package ("" when not about a file)
  int line = 0;               // 1-based; 0 when not applicable
  int column = 0;             // 1-based byte column; 0 when not applicable
  std::string snippet;        // short excerpt of the offending source, single line, trimmed
  bool install_time = false;  // reached from an install hook
  bool suppressed = false;    // matched a policy suppression; still reported, never fails a run
  std::string suppression_reason;
  // About this scan's inputs (the lockfile entry, the configured registry), not the archive: the
  // risk database stores it with the scan, never with the cached analysis of the archive.
  bool context = false;
};

}  // namespace tarsier
