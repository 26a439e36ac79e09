// `tarsier list PATH...`: the resolved package set, read from lockfiles, specs and local
// archives without any network access. Exit 2 when an input is malformed or unusable.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_match.h"
#include "analyzer/util/json_text.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

std::string scope_of(const PackageRef& ref) {
  if (ref.peer) {
    return "peer";
  }
  if (ref.dev) {
    return ref.optional ? "dev,optional" : "dev";
  }
  return ref.optional ? "optional" : "prod";
}

std::string location_of(const PackageRef& ref) {
  if (ref.lockfile.empty()) {
    return "(command line)";
  }
  return ref.line > 0 ? ref.lockfile + ":" + std::to_string(ref.line) : ref.lockfile;
}

// Known-malware findings per package, from the risk database when it exists (list never
// creates one).
using KnownMalware = std::vector<std::vector<Finding>>;

KnownMalware known_malware(const ParsedArgs& args, const ResolvedInputs& inputs) {
  KnownMalware found(inputs.packages.size());
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (args.has("no-db") || !std::filesystem::is_regular_file(path, ec)) {
    return found;
  }
  std::string error;
  auto db = RiskDb::open(path, &error);
  if (!db) {
    std::cerr << "warning: risk database: " << error << "; known malware not checked\n";
    return found;
  }
  for (size_t i = 0; i < inputs.packages.size(); ++i) {
    found[i] = known_malware_findings(*db, inputs.packages[i]);
  }
  return found;
}

nlohmann::json findings_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings) {
    out.push_back({{"rule", f.rule},
                   {"capability", f.capability},
                   {"severity", to_string(f.severity)},
                   {"message", f.message},
                   {"record", f.snippet}});
  }
  return out;
}

nlohmann::json to_json(const ResolvedInputs& inputs, const KnownMalware& malware) {
  nlohmann::json packages = nlohmann::json::array();
  for (size_t i = 0; i < inputs.packages.size(); ++i) {
    const PackageRef& ref = inputs.packages[i];
    nlohmann::json entry = {{"ecosystem", ref.ecosystem},
                            {"name", ref.name},
                            {"version", ref.version},
                            {"integrity", ref.integrity},
                            {"dev", ref.dev},
                            {"optional", ref.optional},
                            {"peer", ref.peer},
                            {"source", ref.source},
                            {"lockfile", ref.lockfile},
                            {"line", ref.line},
                            {"install_script", ref.has_install_script}};
    if (!ref.alias.empty()) {
      entry["alias"] = ref.alias;
    }
    if (!ref.resolved.empty()) {
      entry["resolved"] = ref.resolved;
    }
    entry["findings"] = findings_json(malware[i]);
    packages.push_back(std::move(entry));
  }
  nlohmann::json archives = nlohmann::json::array();
  for (const auto& archive : inputs.archives) {
    archives.push_back({{"path", archive.path},
                        {"ecosystem", archive.ref.ecosystem},
                        {"name", archive.ref.name},
                        {"version", archive.ref.version},
                        {"unpacked", archive.unpacked}});
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& error : inputs.errors) {
    errors.push_back(error.str());
  }
  return {{"packages", std::move(packages)},
          {"archives", std::move(archives)},
          {"lockfiles", inputs.lockfiles},
          {"errors", std::move(errors)}};
}

// The terminal's width (COLUMNS, else the window size), 0 when not a terminal.
size_t terminal_width() {
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    return static_cast<size_t>(std::max(0, std::atoi(columns)));
  }
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    return size.ws_col;
  }
  return 0;
}

// `text` cut to `width` bytes with "…" marking the cut, then padded to `width`.
std::string column(std::string text, size_t width) {
  if (text.size() > width && width > 3) {
    text = text.substr(0, width - 3) + "...";
  }
  text.resize(std::max(width, text.size()), ' ');
  return text;
}

void print_text(const ResolvedInputs& inputs, const KnownMalware& malware, std::ostream& out) {
  constexpr size_t k_scope = 12, k_source = 9, k_gap = 2;
  size_t id_width = 0;
  for (const auto& ref : inputs.packages) {
    id_width = std::max(id_width, ref.id().size());
  }
  // One long name must not widen the table past the terminal: the id column gives way first.
  if (size_t width = terminal_width(); width > 0) {
    size_t rest = k_scope + k_source + 3 * k_gap + 24;  // 24: room for the location
    id_width = std::min(id_width, width > rest + 20 ? width - rest : 20);
  }
  std::string gap(k_gap, ' ');
  for (size_t i = 0; i < inputs.packages.size(); ++i) {
    const PackageRef& ref = inputs.packages[i];
    out << column(ref.id(), id_width) << gap << column(scope_of(ref), k_scope) << gap
        << column(ref.source, k_source) << gap << location_of(ref);
    if (!ref.alias.empty()) {
      out << "  (as " << ref.alias << ")";
    }
    if (ref.has_install_script) {
      out << "  [install script]";
    }
    out << "\n";
    for (const auto& finding : malware[i]) {
      out << "    " << to_string(finding.severity) << " " << finding.rule << ": " << finding.message
          << "\n";
    }
  }
  for (const auto& archive : inputs.archives) {
    out << archive.ref.id() << "  local " << (archive.unpacked ? "folder " : "archive ")
        << archive.path << "\n";
  }
  out << count_of(inputs.packages.size(), "package", "packages") << " from "
      << count_of(inputs.lockfiles.size(), "lockfile", "lockfiles");
  if (!inputs.archives.empty()) {
    out << ", " << count_of(inputs.archives.size(), "local archive", "local archives");
  }
  out << "\n";
}

int run_list(const ParsedArgs& args) {
  std::string error;
  auto output = report_output_from("list", args, &error);
  if (!output) {
    std::cerr << "tarsier list: " << error << "\n";
    return k_exit_usage;
  }
  if (args.positional.empty()) {
    std::cerr << "tarsier list: expected at least one PATH or package spec\n";
    return k_exit_usage;
  }
  ResolvedInputs inputs = resolve_inputs(args.positional, input_options_from(args));
  for (const auto& warning : inputs.warnings) {
    std::cerr << "warning: " << warning.str() << "\n";
  }
  for (const auto& error : inputs.errors) {
    std::cerr << error.str() << "\n";
  }
  KnownMalware malware = known_malware(args, inputs);
  bool written = write_output(
      output->path,
      [&](std::ostream& out) {
        if (output->format == ReportFormat::json) {
          out << json_text(to_json(inputs, malware), 2) << "\n";
        } else {
          print_text(inputs, malware, out);
        }
      },
      &error);
  if (!written) {
    std::cerr << "tarsier list: " << error << "\n";
    return k_exit_usage;
  }
  // Bad entries are input errors too: the listing is incomplete, so the exit says so.
  if (inputs.fatal || !inputs.errors.empty()) {
    return k_exit_usage;
  }
  bool any = std::any_of(malware.begin(), malware.end(), [](const auto& f) { return !f.empty(); });
  return any ? k_exit_findings : k_exit_ok;
}

std::vector<OptionSpec> list_options() {
  std::vector<OptionSpec> options = output_option_specs("list");
  std::vector<OptionSpec> database = {
      {"db", 0, true, false, "FILE",
       "risk database with known-malware records (default: $XDG_DATA_HOME/tarsier/risk.db)"},
      {"no-db", 0, false, false, "", "do not look packages up in the risk database"}};
  add_options(&options, std::move(database));
  for (auto& option : input_option_specs())
    options.push_back(std::move(option));
  return options;
}

const CommandRegistration k_registration{Command{
    "list",
    "list [options] PATH...",
    "List the packages a lockfile, directory, archive or spec resolves to (no network)",
    list_options(),
    run_list,
}};

}  // namespace

}  // namespace tarsier::cli
