// `tarsier list PATH...`: the resolved package set, read from lockfiles, specs and local
// archives without any network access. Exit 2 when an input is malformed or unusable.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
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

nlohmann::json to_json(const ResolvedInputs& inputs) {
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& ref : inputs.packages) {
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

void print_text(const ResolvedInputs& inputs, std::ostream& out) {
  size_t id_width = 0;
  for (const auto& ref : inputs.packages) {
    id_width = std::max(id_width, ref.id().size());
  }
  for (const auto& ref : inputs.packages) {
    std::string id = ref.id();
    id.resize(id_width, ' ');
    std::string scope = scope_of(ref);
    scope.resize(12, ' ');
    std::string source = ref.source;
    source.resize(10, ' ');
    out << id << "  " << scope << source << location_of(ref);
    if (!ref.alias.empty()) {
      out << "  (as " << ref.alias << ")";
    }
    if (ref.has_install_script) {
      out << "  [install script]";
    }
    out << "\n";
  }
  for (const auto& archive : inputs.archives) {
    out << archive.ref.id() << "  local " << (archive.unpacked ? "folder " : "archive ")
        << archive.path << "\n";
  }
  out << inputs.packages.size() << " packages from " << inputs.lockfiles.size() << " lockfile(s)";
  if (!inputs.archives.empty()) {
    out << ", " << inputs.archives.size() << " local archive(s)";
  }
  out << "\n";
}

int run_list(const ParsedArgs& args) {
  std::string format = args.get("format", "text");
  if (format != "text" && format != "json") {
    std::cerr << "tarsier list: --format must be text or json, got '" << format << "'\n";
    return k_exit_usage;
  }
  if (args.positional.empty()) {
    std::cerr << "tarsier list: expected at least one PATH or package spec\n";
    return k_exit_usage;
  }
  InputOptions options;
  options.recursive = args.has("recursive");
  options.ecosystem = args.get("ecosystem");
  ResolvedInputs inputs = resolve_inputs(args.positional, options);
  for (const auto& warning : inputs.warnings) {
    std::cerr << "warning: " << warning.str() << "\n";
  }
  for (const auto& error : inputs.errors) {
    std::cerr << error.str() << "\n";
  }
  if (format == "json") {
    std::cout << json_text(to_json(inputs), 2) << "\n";
  } else {
    print_text(inputs, std::cout);
  }
  // Bad entries are input errors too: the listing is incomplete, so the exit says so.
  return inputs.fatal || !inputs.errors.empty() ? k_exit_usage : k_exit_ok;
}

std::vector<OptionSpec> list_options() {
  std::vector<OptionSpec> options = {
      {"format", 'f', true, false, "FORMAT", "text (default) or json"}};
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
