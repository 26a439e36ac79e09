// `tarsier explain`: each finding of one package with the code around it, why it has its
// severity and how it counts toward the package's risk, and how the package entered the tree.
#pragma once

#include <map>
#include <ostream>
#include <string>

#include "analyzer/core/package.h"

namespace tarsier {

struct ExplainOptions {
  std::string finding;  // "" = every finding; else a rule id, a fingerprint or a 1-based number
  int context_lines = 3;
  std::string note;  // shown when the code is unavailable (e.g. the archive is not cached)
};

// The text of every file a finding of `package` names, read from the archive in memory.
using FileTexts = std::map<std::string, std::string>;

// Writes the explanation; returns the number of findings explained (0 when `finding` matched
// none).
size_t write_explanation(const PackageResult& package, const FileTexts& files,
                         const ExplainOptions& options, std::ostream& out);

// Why a finding counts the way it does toward the package risk (rules/README.md, "Risk level").
std::string severity_reasoning(const Finding& finding);

}  // namespace tarsier
