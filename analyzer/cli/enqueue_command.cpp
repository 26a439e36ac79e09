// tarsier enqueue: adds package specs to the work queue in the risk database (analyzer/queue),
// from the command line or from files with one spec a line, for `tarsier worker` to analyse. A
// spec already queued (same ecosystem, name and version) stays one job.
#include <fstream>
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/queue/job_queue.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

struct SpecLine {
  std::string spec;
  std::string where;  // "FILE:LINE:COL" for a spec read from a file, else ""
};

std::string trimmed(const std::string& line) {
  size_t begin = line.find_first_not_of(" \t\r");
  size_t end = line.find_last_not_of(" \t\r");
  return begin == std::string::npos ? "" : line.substr(begin, end - begin + 1);
}

// The specs of `path`, one a line; blank lines and lines starting with '#' are skipped.
bool read_spec_file(const std::string& path, std::vector<SpecLine>* out) {
  std::ifstream in(path);
  if (!in) {
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string spec = trimmed(line);
    if (!spec.empty() && spec[0] != '#') {
      size_t column = line.find(spec) + 1;
      out->push_back({spec, path + ":" + std::to_string(number) + ":" + std::to_string(column)});
    }
  }
  return true;
}

// Adds one spec; false (with the reason printed) when it is malformed or cannot be stored.
bool enqueue_one(queue::JobQueue& jobs, const SpecLine& line, const std::string& ecosystem,
                 int* added) {
  auto parsed = parse_package_spec(line.spec, ecosystem);
  if (!parsed) {
    std::cerr << (line.where.empty() ? line.spec : line.where) << ": expected a package spec "
              << "(npm:NAME@VERSION, pypi:NAME==VERSION): " << parsed.error().str() << "\n";
    return false;
  }
  PackageRef ref = std::move(*parsed);
  bool prefixed = line.spec.rfind(ref.ecosystem + ":", 0) == 0;
  std::string spec = prefixed ? line.spec : ref.ecosystem + ":" + line.spec;
  auto is_new = jobs.enqueue(package_identity(ref), spec, ref.ecosystem);
  if (!is_new) {
    std::cerr << "tarsier enqueue: " << is_new.error().str() << "\n";
    return false;
  }
  *added += *is_new ? 1 : 0;
  return true;
}

int run_enqueue(const ParsedArgs& args) {
  std::vector<SpecLine> lines;
  for (const auto& spec : args.positional) {
    lines.push_back({spec, ""});
  }
  for (const auto& path : args.has("from") ? args.values.at("from") : std::vector<std::string>{}) {
    if (!read_spec_file(path, &lines)) {
      std::cerr << "tarsier enqueue: cannot read " << path << "\n";
      return k_exit_usage;
    }
  }
  if (lines.empty()) {
    std::cerr << "tarsier enqueue: nothing to enqueue: give package specs or --from FILE\n";
    return k_exit_usage;
  }
  auto jobs = queue::JobQueue::open(args.get("db", RiskDb::default_path()));
  if (!jobs) {
    std::cerr << "tarsier enqueue: " << jobs.error().str() << "\n";
    return k_exit_usage;
  }
  int added = 0, bad = 0;
  for (const auto& line : lines) {
    bad += enqueue_one(**jobs, line, args.get("ecosystem"), &added) ? 0 : 1;
  }
  int known = static_cast<int>(lines.size()) - added - bad;
  std::cout << added << " enqueued, " << known << " already in the queue"
            << (bad > 0 ? ", " + std::to_string(bad) + " not enqueued" : "") << "\n";
  return bad > 0 ? k_exit_incomplete : k_exit_ok;
}

std::vector<OptionSpec> enqueue_options() {
  std::vector<OptionSpec> options = {
      {"from", 0, true, true, "FILE", "read package specs from FILE, one a line ('#' comments)"},
      {"ecosystem", 0, true, false, "ID", "ecosystem of specs without a prefix (npm, pypi)"},
  };
  add_options(&options, {database_option_specs().front()});
  return options;
}

const CommandRegistration k_enqueue{{
    "enqueue",
    "enqueue [--db FILE|URL] SPEC... | --from FILE",
    "add package specs to the work queue in the risk database, for tarsier worker",
    enqueue_options(),
    run_enqueue,
}};

}  // namespace

}  // namespace tarsier::cli
