// Findings from what the registry says about a locked version (its release history,
// analyzer/registry/release_history.h) compared with the lockfile, the version's earlier
// releases and the archive's own manifest. Rules (rules/README.md, "Registry metadata signals"):
// release-age, version-unpublished, deprecated-version, yanked-version, publisher-change,
// dependency-added-in-patch, repository-missing, repository-mismatch, manifest-confusion and
// registry-metadata-unavailable when the checks could not be made.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/package.h"
#include "analyzer/registry/release_history.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

// The capability of the findings about what the registry says of a version (release age,
// deprecation, publishers, repository); manifest-confusion is an `integrity` finding.
inline constexpr std::string_view k_registry_metadata = "registry-metadata";

struct RegistrySignalOptions {
  // Versions younger than this are `release-age` high (at or above the default --fail-on);
  // unset: no gate.
  std::optional<std::chrono::seconds> min_release_age;
  // Without a gate, versions younger than this are `release-age` low: a notice below the
  // default --fail-on.
  std::chrono::seconds notice_age = std::chrono::hours(72);
  // Earlier versions must span this long before a new publisher counts as a change.
  std::chrono::seconds old_package_age = std::chrono::hours(24 * 90);
  SystemTime now = std::chrono::system_clock::now();
};

// Every signal except manifest confusion for `ref` against its registry history.
std::vector<Finding> registry_signals(const PackageRef& ref, const ReleaseHistory& history,
                                      const RegistrySignalOptions& options);

// `manifest-confusion` when the registry's manifest of the version and the archive's
// package.json differ in name, version, scripts, dependencies or bin; nothing when they agree
// or the registry serves no manifest. An unreadable archive manifest is a difference too.
std::vector<Finding> manifest_confusion(const PackageRef& ref, const ReleaseInfo& registry,
                                        const std::optional<std::string>& archive_manifest);

// `registry-metadata-unavailable`: the checks above were not made, and why. Low, or high when
// a --min-release-age gate could not be checked.
Finding registry_signals_not_done(const std::string& why, const RegistrySignalOptions& options);

}  // namespace tarsier
