// Rule files: reading rules/ (embedded or from a directory) and parsing the header of a query
// rule. The format is documented in rules/README.md; a rule is one .scm file:
//   ; id: js-child-process
//   ; languages: javascript typescript tsx
//   ; capability: shell
//   ; severity: low
//   ; tags: exec
//   ; needles: child_process, execa
//   ; message: What was found and why it matters.
//   (call_expression ...) @match
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/result.h"
#include "analyzer/core/risk.h"
#include "analyzer/engine/language.h"

namespace tarsier {

struct RuleFile {
  std::string path;  // relative to the rules root, '/'-separated, e.g. "js/child-process.scm"
  std::string data;
};

struct QueryRule {
  std::string id;
  std::vector<Lang> languages;
  std::string capability;  // "" for "-": a signal for threats only, never reported
  Risk severity = Risk::low;
  std::string message;
  std::vector<std::string> tags;     // threat signals this rule contributes (rules/README.md)
  std::vector<std::string> needles;  // literals (or "re:REGEX"), one of which every match needs
  bool always_parse = false;         // "needles: *": the pre-filter cannot rule it out
  std::string path;                  // display path, e.g. "rules/js/child-process.scm"
  std::string source;                // the whole file; header lines are query comments
};

// Every file under the rules root: the embedded copy when `dir` is empty, else read from disk.
// Sorted by path. Fails with `error` when the directory cannot be read.
Result<std::vector<RuleFile>> read_rule_files(const std::string& dir);

// Parses the header of a .scm rule. Does not compile the query (see QuerySet).
std::optional<QueryRule> parse_query_rule(const RuleFile& file, Diagnostic* error);

// "rules/" + path, the name shown in diagnostics.
std::string rule_display_path(const std::string& relative);

// Splits "a, b c" on commas and whitespace, dropping empty items.
std::vector<std::string> split_list(std::string_view text);

std::string_view strip_blanks(std::string_view s);

}  // namespace tarsier
