#include "analyzer/cli/report_output.h"

#include <algorithm>
#include <fstream>
#include <iostream>

namespace tarsier::cli {

std::vector<OptionSpec> output_option_specs(const std::string& command) {
  const std::vector<ReportFormat>& formats = formats_of(command);
  std::vector<OptionSpec> options = {
      {"format", 'f', true, false, "FORMAT", "report format: " + format_choices(formats)},
      {"output", 'o', true, false, "FILE", "write the report to FILE instead of stdout"},
  };
  for (ReportFormat format : formats) {
    if (format == ReportFormat::sarif) {
      options.push_back({"sarif-level", 0, true, false, "LEVEL",
                         "lowest severity in SARIF output (default low)"});
    }
  }
  return options;
}

Result<ReportOutput> report_output_from(const std::string& command, const ParsedArgs& args) {
  const std::vector<ReportFormat>& formats = formats_of(command);
  ReportOutput output;
  output.format = formats.empty() ? ReportFormat::text : formats.front();
  if (args.has("format")) {
    auto format = parse_report_format(args.get("format"));
    bool offered = format && std::find(formats.begin(), formats.end(), *format) != formats.end();
    if (!offered) {
      return make_error(ErrorKind::invalid, "unknown --format '" + args.get("format") +
                                                "' (expected " + format_choices(formats) + ")");
    }
    output.format = *format;
  }
  auto sarif_level = parse_risk(args.get("sarif-level", "low"));
  if (!sarif_level) {
    return make_error(ErrorKind::invalid, "unknown --sarif-level '" + args.get("sarif-level") +
                                              "' (expected none, low, medium, high or critical)");
  }
  output.sarif_level = *sarif_level;
  output.path = args.get("output");
  return output;
}

Result<void> write_output(const std::string& path,
                          const std::function<void(std::ostream&)>& writer) {
  if (path.empty() || path == "-") {
    writer(std::cout);
    std::cout.flush();
    if (!std::cout) {
      return make_error(ErrorKind::io, "failed writing the report");
    }
    return {};
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return make_error(ErrorKind::io, "cannot write " + path);
  }
  writer(out);
  out.flush();
  if (!out) {
    return make_error(ErrorKind::io, "failed writing " + path);
  }
  return {};
}

}  // namespace tarsier::cli
