// tarsier: software supply-chain behaviour analyzer. main() only dispatches to a command.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/util/event_log.h"

namespace {

void print_overview(std::ostream& out) {
  out << "usage: tarsier COMMAND [options] ...\n\ncommands:\n";
  for (const auto& [name, command] : tarsier::cli::commands()) {
    std::string left = "  " + name;
    left.resize(16, ' ');
    out << left << command.summary << "\n";
  }
  out << "\n'tarsier COMMAND --help' shows a command's options.\n";
}

// Runs `command` between a command-started and a command-finished log line (with its duration and
// exit code) when --log-format asks for the structured log.
int run_logged(const tarsier::cli::Command& command, const tarsier::cli::ParsedArgs& args) {
  using namespace tarsier;
  auto format = parse_log_format(args.get("log-format", "text"));
  if (!format) {
    std::cerr << "tarsier " << command.name << ": --log-format is text or json\n";
    return k_exit_usage;
  }
  if (args.has("log-format")) {
    set_log_format(*format);
  }
  auto start = std::chrono::steady_clock::now();
  log_event({"info", "command-started", "", std::nullopt, {}, {{"command", command.name}}});
  int code = command.run(args);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  log_event({code == k_exit_ok || code == k_exit_findings ? "info" : "error",
             "command-finished",
             "",
             ms.count(),
             {{"exit_code", code}},
             {{"command", command.name}}});
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tarsier::cli;
  using namespace tarsier;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_overview(std::cerr);
    return k_exit_usage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_overview(std::cout);
    return k_exit_ok;
  }
  if (args[0] == "--version") {
    std::cout << "tarsier " << TARSIER_VERSION << "\n";
    return k_exit_ok;
  }
  auto it = commands().find(args[0]);
  if (it == commands().end()) {
    std::cerr << "tarsier: unknown command '" << args[0] << "'\n";
    print_overview(std::cerr);
    return k_exit_usage;
  }
  const Command& command = it->second;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& arg : rest) {
    if (arg == "--help" || arg == "-h") {
      std::cout << usage(command);
      return k_exit_ok;
    }
    if (arg == "--") {
      break;
    }
  }
  auto parsed = parse_args(command, rest);
  if (!parsed) {
    std::cerr << "tarsier " << command.name << ": " << parsed.error().str() << "\n";
    return k_exit_usage;
  }
  return run_logged(command, *parsed);
}
