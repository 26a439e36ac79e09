// tarsier explain PACKAGE[@VERSION] [FINDING]: every finding of one package with the code lines
// around it, read from the cached archive in memory (never extracted to disk), why it has its
// severity, and how the package entered the tree (from the project's lockfile when it has one).
#include <filesystem>
#include <iostream>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/archive/tarball_kind.h"
#include "analyzer/cache/tarball_cache.h"
#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/report/explain_report.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

namespace fs = std::filesystem;

struct Target {
  std::string ecosystem;  // "" = any
  std::string name;
  std::string version;  // "" = any
};

// "npm:@scope/name@1.2.3", "name@1.2.3", "pypi:name==2.0", "name".
Target parse_target(std::string text) {
  Target t;
  for (const Ecosystem* ecosystem : all_ecosystems()) {
    std::string prefix = std::string(ecosystem->id) + ":";
    if (text.rfind(prefix, 0) == 0) {
      t.ecosystem = ecosystem->id;
      text.erase(0, prefix.size());
    }
  }
  if (auto eq = text.find("=="); eq != std::string::npos) {
    t.name = text.substr(0, eq);
    t.version = text.substr(eq + 2);
  } else if (auto at = text.rfind('@'); at != std::string::npos && at > 0) {
    t.name = text.substr(0, at);
    t.version = text.substr(at + 1);
  } else {
    t.name = text;
  }
  return t;
}

// The package as the project's lockfile declares it (scope, line, dependency path), if it does.
std::optional<PackageRef> from_lockfile(const Target& t, const std::string& where) {
  ResolvedInputs inputs = resolve_inputs({where}, InputOptions{});
  for (const auto& ref : inputs.packages) {
    if (ref.name == t.name && (t.version.empty() || ref.version == t.version) &&
        (t.ecosystem.empty() || ref.ecosystem == t.ecosystem)) {
      return ref;
    }
  }
  return std::nullopt;
}

ArchiveKind kind_of(const PackageRef& ref, const std::string& bytes) {
  if (bytes.rfind("PK\x03\x04", 0) == 0) {
    return ArchiveKind::zip;
  }
  return tarball_kind(find_ecosystem(ref.ecosystem));
}

// The files the findings name, read from the cached archive in memory; "" note on success.
std::string read_files(const PackageResult& result, const ScanSetup& setup, FileTexts* files) {
  std::string dir =
      setup.options.cache_dir.empty() ? TarballCache::default_dir() : setup.options.cache_dir;
  auto bytes = result.integrity.empty() ? std::nullopt : TarballCache(dir).get(result.integrity);
  if (!bytes) {
    return "the archive is not in the cache (" + dir + "): run tarsier fetch first";
  }
  ArchiveContents contents =
      read_archive(*bytes, kind_of(result.ref, *bytes), setup.options.limits);
  for (auto& entry : contents.files) {
    for (const auto& f : result.findings) {
      if (f.file == entry.path) {
        (*files)[entry.path] = std::move(entry.data);
        break;
      }
    }
  }
  return "the file is not in the archive";
}

int run_explain(const ParsedArgs& args) {
  if (args.positional.empty() || args.positional.size() > 2) {
    std::cerr << "tarsier explain: give PACKAGE[@VERSION] and optionally a FINDING (rule id, "
                 "fingerprint or number)\n";
    return k_exit_usage;
  }
  Target target = parse_target(args.positional[0]);
  std::string where = args.get("lockfile", ".");
  std::optional<PackageRef> ref = from_lockfile(target, where);
  if (!ref) {
    ref.emplace();
    // A bare NAME[@VERSION] names an npm package.
    const Ecosystem* ecosystem =
        target.ecosystem.empty() ? &npm_ecosystem() : find_ecosystem(target.ecosystem);
    std::string separator(ecosystem != nullptr ? ecosystem->spec_separator : "@");
    std::string spec = (ecosystem != nullptr ? std::string(ecosystem->id) : target.ecosystem) +
                       ":" + target.name +
                       (target.version.empty() ? "" : separator + target.version);
    auto parsed = parse_package_spec(spec, "");
    if (!parsed) {
      std::cerr << "tarsier explain: " << parsed.error().str() << "\n";
      return k_exit_usage;
    }
    *ref = std::move(*parsed);
  }
  std::error_code ec;
  std::string project =
      fs::is_directory(where, ec) ? where : fs::path(where).parent_path().string();
  auto setup_options = setup_options_from(args);
  if (setup_options) {
    setup_options->quiet = true;  // the explanation is the output; no progress display
  }
  auto setup = setup_options ? make_scan_setup(*setup_options, project.empty() ? "." : project,
                                               {ref->ecosystem})
                             : Result<ScanSetup>(setup_options.error());
  if (!setup) {
    std::cerr << "tarsier explain: " << setup.error().str() << "\n";
    return k_exit_usage;
  }
  std::string error;
  int64_t scan_id = 0;
  if (setup->db) {
    // Explaining one package records no project.
    ScanRecord record{"explain",          {args.positional[0]},
                      TARSIER_VERSION,    setup->analyzer->ruleset_version(),
                      setup->policy_path, ""};
    // Like scan: a scan row that cannot be written is reported, and nothing is recorded.
    scan_id = begin_recorded_scan(&*setup, record);
    if (!setup->db_error.empty()) {
      std::cerr << "tarsier explain: " << setup->db_error << "\n";
    }
  }
  Scanner scanner = setup->make_scanner(scan_id);
  PackageResult result = scanner.scan({*ref}).front();
  FileTexts files;
  ExplainOptions options;
  options.finding = args.positional.size() > 1 ? args.positional[1] : "";
  options.note = read_files(result, *setup, &files);
  size_t explained = write_explanation(result, files, options, std::cout);
  if (setup->db) {
    int failed = result.error.empty() ? 0 : 1;
    auto finished = setup->db->finish_scan(scan_id, ScanTotals{1, 1 - failed, failed, 0, 0});
    if (!finished) {
      std::cerr << "tarsier explain: risk database " << setup->db->path() << ": "
                << finished.error().str() << "\n";
    }
  }
  if (!options.finding.empty() && explained == 0) {
    std::cerr << "tarsier explain: no finding '" << options.finding << "' in " << result.ref.id()
              << "\n";
    return k_exit_findings;
  }
  return result.error.empty() ? k_exit_ok : k_exit_incomplete;
}

std::vector<OptionSpec> explain_options() {
  auto options = scan_option_specs();
  for (auto& option : output_option_specs("scan")) {
    options.push_back(refused_option(option, "it prints each finding with its code, as text"));
  }
  options.push_back({"lockfile", 0, true, false, "PATH",
                     "the project's lockfile or directory (default: the current directory)"});
  return options;
}

const CommandRegistration k_explain{{
    "explain",
    "explain [options] PACKAGE[@VERSION] [FINDING]",
    "show each finding of a package with its code, its severity reasoning and dependency path",
    explain_options(),
    run_explain,
}};

}  // namespace

}  // namespace tarsier::cli
