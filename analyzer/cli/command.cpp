#include "analyzer/cli/command.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "analyzer/util/closest.h"

namespace tarsier::cli {

namespace {
std::map<std::string, Command>& registry() {
  static std::map<std::string, Command> all;
  return all;
}

const OptionSpec* find_long(const Command& command, const std::string& name) {
  for (const auto& option : command.options) {
    if (option.name == name) {
      return &option;
    }
  }
  return nullptr;
}

const OptionSpec* find_short(const Command& command, char name) {
  for (const auto& option : command.options) {
    if (option.short_name != 0 && option.short_name == name) {
      return &option;
    }
  }
  return nullptr;
}
// The closest long option to a misspelled one, when it is close enough to be a typo.
std::string closest_option(const Command& command, const std::string& name) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& option : command.options) {
    if (!option.refused.empty()) {
      continue;
    }
    size_t d = edit_distance(name, option.name);
    bool prefix = name.size() >= 3 && option.name.rfind(name, 0) == 0;
    if (prefix) {
      d = std::min<size_t>(d, 1);
    }
    if (d < best_distance) {
      best_distance = d;
      best = option.name;
    }
  }
  return best;
}
}  // namespace

std::string ParsedArgs::get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) {
    return fallback;
  }
  return it->second.back();
}

OptionSpec refused_option(OptionSpec option, const std::string& reason) {
  option.refused = reason;
  return option;
}

std::vector<OptionSpec> common_option_specs() {
  return {
      {"log-format", 0, true, false, "FORMAT",
       "structured log lines of the tool's own work on standard error: text or json"},
  };
}

CommandRegistration::CommandRegistration(Command command) {
  for (auto& option : common_option_specs()) {
    if (find_long(command, option.name) == nullptr) {
      command.options.push_back(std::move(option));
    }
  }
  std::string name = command.name;
  registry().emplace(name, std::move(command));
}

const std::map<std::string, Command>& commands() {
  return registry();
}

Result<ParsedArgs> parse_args(const Command& command, const std::vector<std::string>& argv) {
  ParsedArgs parsed;
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inline_value;
    std::string shown = arg;
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
        shown = "--" + name;
      }
      spec = find_long(command, name);
    } else if (arg.size() == 2) {
      spec = find_short(command, arg[1]);
    }
    if (spec == nullptr) {
      std::string message = "unknown option '" + shown + "' for '" + command.name + "'";
      if (shown.rfind("--", 0) == 0) {
        if (std::string near = closest_option(command, shown.substr(2)); !near.empty()) {
          message += "; did you mean --" + near + "?";
        }
      }
      message += " (tarsier " + command.name + " --help lists the options)";
      return make_error(ErrorKind::invalid, std::move(message));
    }
    if (!spec->refused.empty()) {
      return make_error(ErrorKind::invalid, "'" + shown + "' does not apply to '" + command.name +
                                                "': " + spec->refused);
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return make_error(ErrorKind::invalid,
                          "option '" + shown + "' needs a value (" + spec->value_name + ")");
      }
    } else if (inline_value) {
      return make_error(ErrorKind::invalid, "option '" + shown + "' takes no value");
    }
    auto& slot = parsed.values[spec->name];
    if (!spec->repeatable) {
      slot.clear();
    }
    slot.push_back(value);
  }
  return parsed;
}

std::string usage(const Command& command) {
  std::ostringstream out;
  out << "usage: tarsier " << command.synopsis << "\n" << command.summary << "\n";
  if (!command.options.empty()) {
    out << "\noptions:\n";
  }
  for (const auto& option : command.options) {
    if (!option.refused.empty()) {
      continue;
    }
    std::string left = "  ";
    if (option.short_name != 0) {
      left += std::string("-") + option.short_name + ", ";
    }
    left += "--" + option.name;
    if (option.takes_value) {
      left += " " + option.value_name;
    }
    if (left.size() < 28) {
      left.resize(28, ' ');
    } else {
      left += "  ";
    }
    out << left << option.help << "\n";
  }
  return out.str();
}

}  // namespace tarsier::cli
