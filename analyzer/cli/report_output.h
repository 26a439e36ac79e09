// Where and how a command writes its report: --format (checked against the command's row of the
// report-format table, analyzer/report/report_format.h), --output and, where SARIF is offered,
// --sarif-level. Declared once here and taken by every command that reports.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/core/result.h"
#include "analyzer/core/risk.h"
#include "analyzer/report/report_format.h"

namespace tarsier::cli {

struct ReportOutput {
  ReportFormat format = ReportFormat::text;
  Risk sarif_level = Risk::low;  // lowest severity a SARIF report lists
  std::string path;              // "" or "-": standard output
  bool to_stdout() const { return path.empty() || path == "-"; }
};

// The output options of `command`: --format with its formats and default, --output, and
// --sarif-level when the command writes SARIF.
std::vector<OptionSpec> output_option_specs(const std::string& command);

// Reads them; an error for a format the command does not write or an unknown level.
Result<ReportOutput> report_output_from(const std::string& command, const ParsedArgs& args);

// Runs `writer` on standard output or on the file `path` names.
Result<void> write_output(const std::string& path,
                          const std::function<void(std::ostream&)>& writer);

}  // namespace tarsier::cli
