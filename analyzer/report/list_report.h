// The resolved package set of `tarsier list`, and its writers (text and JSON).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/finding.h"
#include "analyzer/core/package.h"

namespace tarsier {

struct ListedArchive {
  std::string path;
  PackageRef ref;
  bool unpacked = false;  // a package folder rather than an archive file
};

struct ListReport {
  std::vector<PackageRef> packages;
  std::vector<std::vector<Finding>> known_malware;  // per package, in the order of packages
  std::vector<ListedArchive> archives;
  std::vector<std::string> lockfiles;
  std::vector<Diagnostic> errors;
  size_t width = 0;  // the terminal's width for the text table, 0 when not a terminal
};

// One row per package (id, scope, source, location) with its known-malware findings, the local
// archives, then the totals.
void write_list_text(const ListReport& report, std::ostream& out);
// {"packages", "archives", "lockfiles", "errors"}; findings as in every JSON report.
void write_list_json(const ListReport& report, std::ostream& out);

}  // namespace tarsier
