// Subcommands register themselves here; main() only dispatches. Each command lives in its own
// <name>_command.cpp and declares its options, so usage text and parsing come from one table.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/exit_code.h"
#include "analyzer/core/result.h"

namespace tarsier::cli {

struct OptionSpec {
  std::string name;     // long name without dashes, e.g. "registry"
  char short_name = 0;  // e.g. 'o'; 0 for none
  bool takes_value = false;
  bool repeatable = false;
  std::string value_name;  // for usage text, e.g. "URL"
  std::string help;
  // Non-empty: a shared option this command does not take, and why; giving it is an error that
  // says so (rather than "unknown option"). Not listed in the usage text.
  std::string refused = {};
};

// `option` refused by a command for `reason`.
OptionSpec refused_option(OptionSpec option, const std::string& reason);

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // option -> values in order
  bool has(const std::string& name) const { return values.count(name) > 0; }
  // The last value given for an option, or `fallback`.
  std::string get(const std::string& name, const std::string& fallback = "") const;
};

struct Command {
  std::string name;
  std::string synopsis;  // e.g. "scan [options] PATH..."
  std::string summary;   // one line
  std::vector<OptionSpec> options;
  std::function<int(const ParsedArgs&)> run;
};

// Options every command takes, declared once here and added to each command at registration
// (unless the command declares one of them itself): --log-format text|json, the tool's own
// structured log on standard error (analyzer/util/event_log.h).
std::vector<OptionSpec> common_option_specs();

// Registers a command at static-initialisation time, with the common options.
struct CommandRegistration {
  explicit CommandRegistration(Command command);
};

const std::map<std::string, Command>& commands();

// Parses argv for `command`; an error for unknown options or missing values.
Result<ParsedArgs> parse_args(const Command& command, const std::vector<std::string>& argv);

std::string usage(const Command& command);

}  // namespace tarsier::cli
