#include "analyzer/report/report_format.h"

#include <array>
#include <utility>

namespace tarsier {

namespace {

struct FormatRow {
  ReportFormat format;
  std::string_view name;
  std::string_view purpose;
};

constexpr std::array<FormatRow, 5> k_formats = {{
    {ReportFormat::text, "text", "for people at a terminal"},
    {ReportFormat::json, "json", "for programs (a JSON Schema per report)"},
    {ReportFormat::sarif, "sarif", "SARIF 2.1.0 for code-scanning dashboards"},
    {ReportFormat::markdown, "markdown", "for pull-request comments and job summaries"},
    {ReportFormat::html, "html", "a self-contained dashboard page"},
}};

using F = ReportFormat;

// Which command writes which format, default first.
const std::vector<std::pair<std::string_view, std::vector<ReportFormat>>>& command_formats() {
  static const std::vector<std::pair<std::string_view, std::vector<ReportFormat>>> table = {
      {"scan", {F::text, F::json, F::sarif, F::markdown, F::html}},
      {"diff", {F::text, F::json, F::sarif, F::markdown}},
      {"history", {F::text, F::json}},
      {"list", {F::text, F::json}},
      {"alerts", {F::text, F::json}},
      {"watch", {F::text, F::json}},
      {"report", {F::html}},
  };
  return table;
}

}  // namespace

std::string_view to_string(ReportFormat format) {
  for (const auto& row : k_formats) {
    if (row.format == format) {
      return row.name;
    }
  }
  return "text";
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (const auto& row : k_formats) {
    if (row.name == name) {
      return row.format;
    }
  }
  return std::nullopt;
}

std::string_view format_purpose(ReportFormat format) {
  for (const auto& row : k_formats) {
    if (row.format == format) {
      return row.purpose;
    }
  }
  return "";
}

const std::vector<ReportFormat>& formats_of(std::string_view command) {
  static const std::vector<ReportFormat> none;
  for (const auto& [name, formats] : command_formats()) {
    if (name == command) {
      return formats;
    }
  }
  return none;
}

std::string format_choices(const std::vector<ReportFormat>& formats) {
  std::string out;
  for (size_t i = 0; i < formats.size(); ++i) {
    if (i > 0) {
      out += i + 1 == formats.size() ? " or " : ", ";
    }
    out += to_string(formats[i]);
    if (i == 0) {
      out += " (default)";
    }
  }
  return out;
}

}  // namespace tarsier
