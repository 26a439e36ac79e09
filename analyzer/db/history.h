// The capability and risk timeline of one package across every version the risk database has
// seen (`tarsier history`): what each version was reported with, when it was first seen, which
// integrities it had, and what changed against the previous version.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/core/risk.h"

namespace tarsier {

struct HistoryVersion {
  std::string version;
  std::string first_seen;                // when the first archive of this version was recorded
  std::string last_seen;                 // the latest scan that reported it
  int scans = 0;                         // how many scan results mention it
  std::vector<std::string> integrities;  // verified integrities, first seen first
  bool analyzed = false;                 // at least one scan analysed it successfully
  std::string error;                     // the latest error when it was never analysed
  // From the latest successful report (else the latest report), as that scan reported them.
  Risk risk = Risk::none;
  std::vector<std::string> capabilities;
  std::vector<std::string> threats;

  // Against the previous version in version order (filled by order_history()).
  std::optional<std::string> previous;
  std::optional<Risk> risk_before;
  std::vector<std::string> capabilities_gained, capabilities_lost;
  std::vector<std::string> threats_gained, threats_lost;
};

struct PackageHistory {
  std::string ecosystem;
  std::string name;
  std::string database;                  // path of the database read
  std::vector<HistoryVersion> versions;  // first-seen order until order_history()
};

// Reads every recorded version of ecosystem:name (pypi names compare PEP 503-normalised) from the
// database at `db_path`, which must exist and be migrated (RiskDb::open does that). An error
// when the database cannot be read; an unknown package gives an empty `versions`.
Result<PackageHistory> load_history(const std::string& db_path, const std::string& ecosystem,
                                    const std::string& name);

// Sorts the versions with `compare` (<0, 0, >0 like strcmp) and fills in the changes of each
// version against the one before it.
void order_history(PackageHistory* history,
                   const std::function<int(std::string_view, std::string_view)>& compare);

// A table of versions with risk, first seen and changes.
void write_history_text(const PackageHistory& history, std::ostream& out);
// JSON matching analyzer/db/history-report.schema.json.
void write_history_json(const PackageHistory& history, const std::string& tool_version,
                        std::ostream& out);

}  // namespace tarsier
