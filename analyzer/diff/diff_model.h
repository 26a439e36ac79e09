// What a lockfile change brings: which packages were added, changed (from -> to) or removed,
// and for each analysed change the delta against the old version: capabilities gained and lost,
// new threats, new install scripts, new findings and files with findings, size change, risk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/exit_code.h"
#include "analyzer/core/package.h"

namespace tarsier {

enum class ChangeKind { added, changed, removed };
std::string_view to_string(ChangeKind kind);

struct LockfileChange {
  ChangeKind kind = ChangeKind::added;
  std::optional<PackageRef> base;  // changed, removed
  std::optional<PackageRef> head;  // added, changed
};

struct LockfileDiff {
  std::vector<LockfileChange> changes;  // sorted by ecosystem, name, version
  size_t unchanged = 0;
};

// Pairs the two package lists by ecosystem and name, then within a name: first by place in the
// tree, the dependency path (PackageRef::via: "ms" on both sides is one slot, whatever its
// versions, and "debug > ms" another), then by equal version. A
// pair with the same version and integrity is unchanged; the same version with another integrity
// is a change. A version left over that the other side still has elsewhere (moved to another
// slot) is unchanged. The rest pair by the closest version (most leading parts shared, then the
// nearest lower one) as changes; what is left is added or removed.
LockfileDiff diff_lockfiles(const std::vector<PackageRef>& base,
                            const std::vector<PackageRef>& head);

struct PackageDelta {
  ChangeKind kind = ChangeKind::added;
  std::optional<PackageRef> base;
  std::optional<PackageRef> head;
  std::optional<PackageResult> before;  // analysis of the base version (changed)
  std::optional<PackageResult> after;   // analysis of the head version (added, changed)

  std::vector<std::string> capabilities_gained;
  std::vector<std::string> capabilities_lost;
  std::vector<std::string> threats_new;
  std::vector<Finding> new_findings;         // in `after` but not in `before`
  std::vector<Finding> new_install_scripts;  // the new findings about install scripts
  std::vector<std::string> new_files_with_findings;
  int64_t files_before = 0, files_after = 0;
  int64_t bytes_before = 0, bytes_after = 0;  // unpacked
  Risk risk = Risk::none;                     // risk of the head version (none when removed)
  Risk risk_before = Risk::none;              // risk of the base version
  // What this change adds: the package risk formula over the new findings alone (a finding
  // that moved, even to another file, is not new). --fail-on looks at this.
  Risk added_risk = Risk::none;
  std::string error;  // a side that could not be fetched or analysed
};

// Computes the delta of one change from its analyses (null when not analysed).
PackageDelta compute_delta(const LockfileChange& change, const PackageResult* before,
                           const PackageResult* after);

struct DiffReport {
  std::string tool_version;
  std::string base_label;  // e.g. "origin/main:package-lock.json"
  std::string head_label;
  std::vector<PackageDelta> packages;  // added and changed by added risk (highest first), removed
  size_t unchanged = 0;
  std::vector<Diagnostic> input_errors;
  std::vector<std::string> warnings;  // e.g. expired suppressions
  Risk fail_on = k_default_fail_on;
  std::string report_url;  // where the full report is (the Markdown comment points there)
};

// Orders packages for every diff format: added/changed by added risk then risk (highest first),
// then name; removed last.
void sort_deltas(std::vector<PackageDelta>* deltas);

// The RunOutcome (analyzer/core/exit_code.h) of the risk each added or changed package adds, the
// changes that could not be analysed and the input errors.
RunOutcome diff_outcome(const DiffReport& report);

// exit_code() of diff_outcome(), gated at the report's fail_on.
int diff_exit_code(const DiffReport& report);

}  // namespace tarsier
