// What the HTML dashboard shows, as plain data: projects with their risk, packages with the
// capability and risk timeline of every version (and what each version changed), the findings of
// each version with file and line, and the alerts. Filled from the risk database
// (analyzer/db/dashboard_load.h) or from one scan's report; written by analyzer/report/html_report.
#pragma once

#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/risk.h"

namespace tarsier {

struct DashboardVersion {
  std::string version;
  std::string first_seen;  // "" when unknown (a single scan)
  Risk risk = Risk::none;
  std::vector<std::string> capabilities, threats;
  std::vector<std::string> capabilities_gained, capabilities_lost, threats_gained;
  std::string error;  // why it could not be analysed ("" when it was)
  std::vector<Finding> findings;
};

struct DashboardPackage {
  std::string ecosystem, name;
  std::vector<DashboardVersion> versions;  // version order, oldest first
};

struct DashboardProject {
  std::string name;
  std::string last_scan;  // when its latest scan started
  Risk risk = Risk::none;
  int packages = 0;
  int by_risk[5] = {0, 0, 0, 0, 0};
};

struct DashboardAlert {
  long long id = 0;
  std::string raised_at, type;
  Risk severity = Risk::medium;
  std::string package;  // ecosystem:name@version
  std::string message;
  bool acknowledged = false;
};

struct Dashboard {
  std::string title = "tarsier dashboard";
  std::string generated_at;
  std::string source;  // the database or the scanned inputs
  std::vector<DashboardProject> projects;
  std::vector<DashboardPackage> packages;
  std::vector<DashboardAlert> alerts;
};

}  // namespace tarsier
