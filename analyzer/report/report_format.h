// The one table of report formats: their names, what each is for, and which command offers
// which. Every command that reports parses --format against its row, so the names, the default
// and the help text come from here (README "Report formats" shows the same table).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

enum class ReportFormat { text, json, sarif, markdown, html };

std::string_view to_string(ReportFormat format);
std::optional<ReportFormat> parse_report_format(std::string_view name);

// What a format is for, one line ("JSON document (scan-report.schema.json)").
std::string_view format_purpose(ReportFormat format);

// The formats `command` writes, its default first; empty for a command that writes no report.
const std::vector<ReportFormat>& formats_of(std::string_view command);

// "text (default), json, sarif, markdown or html"
std::string format_choices(const std::vector<ReportFormat>& formats);

}  // namespace tarsier
