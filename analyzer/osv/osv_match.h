// Whether a locked version is one an OSV record names, and the known-malware findings that
// follow. Versions are ordered by tarsier's own per-ecosystem orders: npm semver
// (analyzer/util/semver.h) and PEP 440 (analyzer/util/pep440.h).
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/package.h"
#include "analyzer/db/osv_store.h"

namespace tarsier {

class RiskDb;

// True when `version` is in the record's exact `versions`, in one of its SEMVER/ECOSYSTEM
// ranges (events introduced, fixed, last_affected, limit, evaluated in version order as the OSV
// schema describes), or the record affects every version. Events whose version does not parse
// in the ecosystem's order are ignored; a version that does not parse only matches exactly.
bool osv_affects(const OsvAffectedRow& affected, std::string_view version);

// The critical `known-malware` findings for a registry package: one per active record (by id,
// across sources) naming its name and version. Empty for packages from elsewhere (git, files).
std::vector<Finding> known_malware_findings(const RiskDb& db, const PackageRef& package);

}  // namespace tarsier
