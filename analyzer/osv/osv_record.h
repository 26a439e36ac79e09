// One OSV record (https://ossf.github.io/osv-schema/) read into the rows the risk database keeps
// for known-malware lookups. Only npm and PyPI packages are kept; GIT ranges are left out (a
// lockfile names versions, not commits).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/diagnostic.h"
#include "analyzer/db/osv_store.h"

namespace tarsier {

// OSV's ecosystem name as tarsier's ecosystem id (Ecosystem::osv_name to Ecosystem::id); "" for
// the others.
std::string osv_ecosystem(std::string_view osv_name);

// Parses `text`, a record read from `file`. On a malformed record returns nullopt with
// `error` = "file:line:col: what was expected" (the line and column of the offending member
// when it can be found). The row's `source` is left for the caller; `withdrawn` is the record's
// own `withdrawn` time. A record without npm or PyPI packages parses with `affected` empty.
std::optional<OsvRecordRow> parse_osv_record(std::string_view text, const std::string& file,
                                             Diagnostic* error);

// The summary shown in findings: `summary`, else the first line of `details`, at most 300 bytes.
std::string osv_summary(std::string_view summary, std::string_view details);

}  // namespace tarsier
