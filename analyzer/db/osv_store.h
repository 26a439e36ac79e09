// Rows of the known-malware intelligence tables (migration 3): OSV records as imported by
// `tarsier db import-osv`, the packages they affect, and what `tarsier db status` shows. The
// database stores versions and ranges as OSV's JSON; analyzer/osv evaluates them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tarsier {

struct OsvAffectedRow {
  std::string ecosystem;  // an ecosystem id (analyzer/ecosystem)
  std::string name;       // npm name as published, PyPI name PEP 503-normalised
  std::string versions;   // JSON array of exact versions
  std::string ranges;     // JSON array of OSV ranges (type, events)
  bool all_versions = false;
};

struct OsvRecordRow {
  std::string source;  // the imported directory or all.zip
  std::string id;      // MAL-2024-1234, GHSA-..., PYSEC-...
  std::string modified;
  std::string published;
  std::string withdrawn;  // "" while active; the withdrawn time, or "withdrawn/" for the layout
  std::string summary;
  std::string link;
  std::string file;  // path of the record within the source
  std::vector<OsvAffectedRow> affected;
};

// What import needs to know of a stored record to skip it or replace it.
struct OsvRecordState {
  std::string modified;
  std::string withdrawn;
};

// An active record naming a package, for matching its versions.
struct OsvCandidate {
  std::string source;
  std::string id;
  std::string summary;
  std::string link;
  std::string modified;
  OsvAffectedRow affected;
};

struct OsvSourceStatus {
  std::string source;
  int64_t records = 0;    // every stored record of the source
  int64_t withdrawn = 0;  // of which withdrawn
  int64_t packages = 0;   // affected npm/PyPI package entries of active records
  std::string newest_id;  // the record with the latest `modified`
  std::string newest_modified;
  std::string last_import;  // when a record of the source was last written
};

}  // namespace tarsier
