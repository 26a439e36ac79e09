// tarsier: software supply-chain behaviour analyzer. main() only dispatches to a command.
#include <iostream>
#include <string>
#include <vector>

#include "analyzer/cli/command.h"

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
  std::string error;
  auto parsed = parse_args(command, rest, &error);
  if (!parsed) {
    std::cerr << "tarsier " << command.name << ": " << error << "\n";
    return k_exit_usage;
  }
  return command.run(*parsed);
}
