// A finding's identity across versions and line moves: its rule, the path in the package with
// version-like and hash-like segments normalised, and a fingerprint of the matched code (the
// snippet with spacing, numbers and minifier-sized names normalised), never its line. Two
// versions of a package that only move code around give the same identities; `diff`, policy
// suppressions (`fingerprint:`), SARIF `partialFingerprints` and the risk database use them.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/core/finding.h"

namespace tarsier {

// "dist/v1.2.3/chunk-4f3a2b1c.js" -> "dist/{v}/chunk-{h}.js"; "pkg-1.2.3.dist-info/RECORD" ->
// "pkg-{v}.dist-info/RECORD". Only whole dotted versions (two or more numbers) and hex runs of
// at least eight digits with a digit among them are replaced.
std::string normalize_package_path(std::string_view path);

// The matched code without what a rebuild changes: whitespace removed, number literals as 0,
// identifiers of one or two characters (minified names) as _.
std::string normalize_snippet(std::string_view snippet);

// 16 lower-case hex digits naming the finding independently of its line and of the package's
// version. A threat is one per (threat, file), so its fingerprint leaves out its evidence text.
std::string finding_fingerprint(const Finding& finding);

// The identity without the path, used to recognise a finding whose file was moved or renamed.
std::string finding_code_key(const Finding& finding);

// True for the finding of a correlated threat (rule "threat-<id>").
bool is_threat_rule(std::string_view rule);

}  // namespace tarsier
