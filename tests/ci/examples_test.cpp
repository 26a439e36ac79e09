// The deployment examples in ci/examples (the sharded GitHub Actions matrix and the Kubernetes
// Indexed Job) parse as YAML, and every `tarsier ...` command line in them names a command and
// options that the built tarsier lists in its own `--help`.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace tarsier::test;

namespace {

// Every string of a YAML tree; a sequence that starts with "tarsier" (an exec-form command) is
// also given as one line.
void collect_strings(const YAML::Node& node, std::vector<std::string>* out) {
  if (node.IsScalar()) {
    out->push_back(node.as<std::string>());
  } else if (node.IsSequence()) {
    std::string joined;
    for (const auto& item : node) {
      joined += (item.IsScalar() ? item.as<std::string>() : std::string("\n")) + " ";
      collect_strings(item, out);
    }
    if (node.size() > 0 && node[0].IsScalar() && node[0].as<std::string>() == "tarsier") {
      out->push_back(joined);
    }
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      collect_strings(entry.second, out);
    }
  }
}

// The words of each line of `text` from a word "tarsier" to the end of the line (shell line
// continuations joined, quotes removed).
std::vector<std::vector<std::string>> tarsier_commands(std::string text) {
  for (size_t at = text.find("\\\n"); at != std::string::npos; at = text.find("\\\n")) {
    text.replace(at, 2, " ");
  }
  std::vector<std::vector<std::string>> commands;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> command;
    for (std::string word; words >> word;) {
      word.erase(std::remove(word.begin(), word.end(), '"'), word.end());
      if (!command.empty() || word == "tarsier") {
        command.push_back(word);
      }
    }
    if (command.size() >= 2) {
      commands.push_back(command);
    }
  }
  return commands;
}

std::vector<std::vector<std::string>> commands_in(const std::string& relative) {
  std::vector<std::string> strings;
  for (const auto& document : YAML::LoadAllFromFile(source_path(relative))) {
    collect_strings(document, &strings);
  }
  std::vector<std::vector<std::string>> out;
  for (const auto& text : strings) {
    for (auto& command : tarsier_commands(text)) {
      out.push_back(std::move(command));
    }
  }
  return out;
}

// `tarsier COMMAND --help`, asked once per command ("" when there is no such command).
const std::string& help_of(const std::string& command) {
  static std::map<std::string, std::string> cache;
  auto found = cache.find(command);
  if (found == cache.end()) {
    auto result = run_process({tarsier_binary(), command, "--help"});
    found = cache.emplace(command, result.exit_code == 0 ? result.out : "").first;
  }
  return found->second;
}

bool lists_option(const std::string& command, std::string option) {
  option = option.substr(0, option.find('='));
  const std::string& help = help_of(command);
  return help.find(" " + option + " ") != std::string::npos ||
         help.find(" " + option + "\n") != std::string::npos;
}

// Checks one file's commands; the names of the commands seen.
std::set<std::string> check_file(const std::string& relative) {
  std::set<std::string> seen;
  for (const auto& command : commands_in(relative)) {
    std::string line;
    for (const auto& word : command) {
      line += word + " ";
    }
    INFO(relative << ": " << line);
    REQUIRE_FALSE(help_of(command[1]).empty());
    seen.insert(command[1]);
    for (size_t i = 2; i < command.size(); ++i) {
      if (command[i].rfind("--", 0) == 0) {
        CHECK(lists_option(command[1], command[i]));
      }
    }
  }
  return seen;
}

}  // namespace

TEST_CASE("the sharding and queue examples call commands and options that exist", "[ci][queue]") {
  auto github = check_file("ci/examples/github-sharded-scan.yml");
  CHECK(github == std::set<std::string>{"enqueue", "query", "queue", "scan", "worker"});
  auto kubernetes = check_file("ci/examples/kubernetes-indexed-job.yml");
  CHECK(kubernetes == std::set<std::string>{"enqueue", "scan", "worker"});

  // The check can fail: an option or a command that does not exist is caught.
  CHECK(lists_option("scan", "--shard"));
  CHECK_FALSE(lists_option("scan", "--shards"));
  CHECK_FALSE(lists_option("worker", "--no-db"));  // refused, so not listed
  CHECK(help_of("no-such-command").empty());
  CHECK(tarsier_commands("run: tarsier scan \\\n  --shard 1/4 x\necho tarsier") ==
        std::vector<std::vector<std::string>>{{"tarsier", "scan", "--shard", "1/4", "x"}});
}
