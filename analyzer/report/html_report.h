// The HTML dashboard: one self-contained file (inline CSS, inline SVG charts, a few lines of
// inline script for the package filter; no network access, no external assets). Key figures carry
// data-figure attributes so tests and scripts can read them back.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "analyzer/core/dashboard.h"
#include "analyzer/report/scan_report.h"

namespace tarsier {

void write_html_dashboard(const Dashboard& dashboard, std::ostream& out);

// One scan as a dashboard: a project per input, each package with its one version.
Dashboard dashboard_from_scan(const ScanReport& report, const std::string& generated_at);

// Text escaped for HTML element content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace tarsier
