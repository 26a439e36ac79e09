#include "analyzer/cli/scan_setup.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/cli/shard.h"
#include "analyzer/engine/finding_ids.h"
#include "analyzer/policy/policy.h"
#include "analyzer/registry/registry_clients.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/sarif_report.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::cli {

namespace {

int default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : static_cast<int>(n);
}

bool parse_positive(const std::string& text, long* value) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *value = std::stol(text);
  return *value > 0;
}

// The project's policy: --policy FILE, else .tarsier.yml from the project directory upwards;
// none with --no-policy. A policy with errors stops the run (exit 2) rather than silently
// dropping entries or a stricter fail-on.
bool load_project_policy(const ParsedArgs& args, const std::string& project_dir, ScanSetup* setup,
                         std::string* error) {
  if (args.has("no-policy")) {
    return true;
  }
  std::optional<std::string> path =
      args.has("policy") ? std::optional(args.get("policy")) : find_policy_file(project_dir);
  if (!path) {
    return true;
  }
  // Rule ids are checked against the rules in use; rules that do not load fail the scan later.
  std::string rules_error;
  auto known_rules = finding_ids(args.get("rules"), &rules_error);
  auto policy = std::make_shared<Policy>(
      load_policy(*path, today_utc(), known_rules ? &*known_rules : nullptr));
  if (!policy->errors.empty()) {
    *error = "invalid policy file (tarsier policy check lists every problem):";
    for (const auto& diagnostic : policy->errors) {
      *error += "\n" + diagnostic.str();
    }
    return false;
  }
  for (const auto& warning : policy->warnings) {
    setup->warnings.push_back(warning.str());
  }
  if (!args.has("fail-on") && policy->fail_on) {
    setup->fail_on = *policy->fail_on;
  }
  setup->policy_path = *path;
  setup->options.policy = std::move(policy);
  return true;
}

}  // namespace

std::string project_dir_of(const ResolvedInputs& inputs, const std::vector<std::string>& args) {
  std::error_code ec;
  if (!inputs.lockfiles.empty()) {
    return std::filesystem::absolute(inputs.lockfiles.front(), ec).parent_path().string();
  }
  for (const auto& arg : args) {
    if (std::filesystem::is_directory(arg, ec)) {
      return arg;
    }
  }
  return std::filesystem::current_path(ec).string();
}

std::string lockfile_project(const std::string& lockfile) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(lockfile, ec).lexically_normal().parent_path();
  return dir.filename().string();
}

std::string project_name(const ParsedArgs& args, const ResolvedInputs& inputs) {
  if (args.has("project")) {
    return args.get("project");
  }
  if (!inputs.lockfiles.empty()) {
    return lockfile_project(inputs.lockfiles.front());
  }
  std::error_code ec;
  for (const auto& arg : args.positional) {
    if (std::filesystem::is_directory(arg, ec)) {
      auto dir = std::filesystem::absolute(arg, ec).lexically_normal();
      return (dir.has_filename() ? dir : dir.parent_path()).filename().string();
    }
  }
  return "";
}

OptionSpec project_option_spec() {
  return {"project", 0,
          true,      false,
          "NAME",    "the project recorded with the scan (default: the lockfile's directory name)"};
}

std::vector<OptionSpec> input_option_specs() {
  return {
      {"recursive", 'r', false, false, "", "find lockfiles below directories too"},
      {"ecosystem", 0, true, false, "NAME", "treat inputs as npm or pypi"},
      {"lockfile-kind", 0, true, false, "KIND",
       "read files given by path as this lockfile format (package-lock, yarn.lock, ...)"},
  };
}

InputOptions input_options_from(const ParsedArgs& args) {
  InputOptions options;
  options.recursive = args.has("recursive");
  options.ecosystem = args.get("ecosystem");
  options.lockfile_kind = args.get("lockfile-kind");
  return options;
}

std::vector<OptionSpec> scan_option_specs() {
  return {
      {"format", 'f', true, false, "FORMAT", "report format: text (default), json, sarif or html"},
      {"sarif-level", 0, true, false, "LEVEL", "lowest severity in SARIF output (default low)"},
      {"output", 'o', true, false, "FILE", "write the report to FILE instead of stdout"},
      {"fail-on", 0, true, false, "LEVEL",
       "exit 1 when a package is at or above LEVEL: low, medium, high (default), critical"},
      {"registry", 0, true, false, "URL", "npm registry base URL (overrides npm's configuration)"},
      {"index-url", 0, true, false, "URL",
       "Python package index (Simple API) URL (overrides pip's configuration)"},
      {"jobs", 'j', true, false, "N", "analysis threads (default: number of cores)"},
      {"download-jobs", 0, true, false, "N", "parallel downloads (default: 8 per analysis thread)"},
      {"db", 0, true, false, "FILE|URL",
       "risk database: a SQLite file or a postgresql:// URL (default: $TARSIER_DB, else "
       "$XDG_DATA_HOME/tarsier/risk.db)"},
      {"no-db", 0, false, false, "", "do not record anything in a risk database"},
      {"cache-dir", 0, true, false, "DIR", "archive cache (default: $XDG_CACHE_HOME/tarsier)"},
      {"offline", 0, false, false, "", "use only the archive cache; list what is missing"},
      {"proxy", 0, true, false, "URL", "HTTP(S) proxy for all requests"},
      {"cacert", 0, true, false, "FILE", "CA bundle for TLS verification"},
      {"timeout", 0, true, false, "SECONDS", "per-request timeout (default: 120)"},
      {"retries", 0, true, false, "N", "retries after a failed request (default: 3)"},
      {"rules", 0, true, false, "DIR", "load rules from DIR instead of the built-in ones"},
      {"full-parse", 0, false, false, "", "parse every source file (no lexical pre-filter)"},
      {"quiet", 'q', false, false, "", "no progress output"},
      {"policy", 0, true, false, "FILE",
       "policy file with suppressions (default: .tarsier.yml from the project upwards)"},
      {"no-policy", 0, false, false, "", "apply no policy file"},
      {"fetch-known-malware", 0, false, false, "",
       "download and analyse versions known as malware (reported either way)"},
  };
}

Scanner ScanSetup::make_scanner(int64_t scan_id) {
  if (!quiet && isatty(STDERR_FILENO) != 0) {
    options.on_progress = progress_display(verbose);
  }
  std::map<std::string, std::unique_ptr<EcosystemClient>> moved;
  for (auto& [name, client] : clients) {
    moved.emplace(name, std::move(client));
  }
  clients.clear();
  return Scanner(options, std::move(moved), analyzer, db.get(), scan_id);
}

std::optional<ScanSetup> make_scan_setup(const ParsedArgs& args, const std::string& project_dir,
                                         const std::vector<std::string>& ecosystems,
                                         std::string* error) {
  ScanSetup setup;
  setup.format = args.get("format", "text");
  if (setup.format != "text" && setup.format != "json" && setup.format != "sarif" &&
      setup.format != "html") {
    *error = "unknown --format '" + setup.format + "' (expected text, json, sarif or html)";
    return std::nullopt;
  }
  auto sarif_level = parse_risk(args.get("sarif-level", "low"));
  if (!sarif_level) {
    *error = "unknown --sarif-level '" + args.get("sarif-level") +
             "' (expected none, low, medium, high or critical)";
    return std::nullopt;
  }
  setup.sarif_level = *sarif_level;
  setup.output = args.get("output");
  setup.quiet = args.has("quiet");
  setup.verbose = args.has("verbose");
  auto fail_on = parse_risk(args.get("fail-on", "high"));
  if (!fail_on || *fail_on == Risk::none) {
    *error =
        "unknown --fail-on '" + args.get("fail-on") + "' (expected low, medium, high or critical)";
    return std::nullopt;
  }
  setup.fail_on = *fail_on;
  if (!load_project_policy(args, project_dir, &setup, error)) {
    return std::nullopt;
  }

  long jobs = default_jobs();
  if (args.has("jobs") && !parse_positive(args.get("jobs"), &jobs)) {
    *error = "--jobs needs a positive number";
    return std::nullopt;
  }
  setup.options.jobs = static_cast<int>(jobs);
  long download_jobs = std::max(8L, 8 * jobs);
  if (args.has("download-jobs") && !parse_positive(args.get("download-jobs"), &download_jobs)) {
    *error = "--download-jobs needs a positive number";
    return std::nullopt;
  }
  setup.options.fetch.jobs = static_cast<int>(download_jobs);
  long timeout = 120;
  if (args.has("timeout") && !parse_positive(args.get("timeout"), &timeout)) {
    *error = "--timeout needs a positive number of seconds";
    return std::nullopt;
  }
  setup.options.fetch.timeout_ms = timeout * 1000;
  if (args.has("retries")) {
    const std::string text = args.get("retries");
    long retries = 0;
    if (text != "0" && !parse_positive(text, &retries)) {
      *error = "--retries needs a number";
      return std::nullopt;
    }
    setup.options.fetch.retries = static_cast<int>(retries);
  }
  setup.options.fetch.proxy = args.get("proxy");
  setup.options.fetch.cacert = args.get("cacert");
  setup.options.fetch.user_agent = std::string("tarsier/") + TARSIER_VERSION;
  setup.options.cache_dir = args.get("cache-dir", TarballCache::default_dir());
  setup.options.offline = args.has("offline");
  setup.options.fetch_known_malware = args.has("fetch-known-malware");
  setup.options.analyzer.rules_dir = args.get("rules");
  setup.options.analyzer.full_parse = args.has("full-parse");

  RegistrySources sources{project_dir, args.get("registry"), args.get("index-url")};
  auto clients = make_registry_clients(ecosystems, sources, &setup.warnings, error);
  if (!clients) {
    return std::nullopt;
  }
  setup.clients = std::move(*clients);

  std::string analyzer_error;
  setup.analyzer = Analyzer::create_deferred(setup.options.analyzer, &analyzer_error);
  if (!setup.analyzer) {
    *error = analyzer_error;
    return std::nullopt;
  }

  if (!args.has("no-db")) {
    std::string db_error;
    setup.db = RiskDb::open(args.get("db", RiskDb::default_path()), &db_error);
    if (!setup.db) {
      *error = "risk database: " + db_error;
      return std::nullopt;
    }
  }
  return setup;
}

std::optional<PreparedScan> prepare_scan(const std::string& command, const ParsedArgs& args) {
  ResolvedInputs inputs = resolve_inputs(args.positional, input_options_from(args));
  for (const auto& diagnostic : inputs.errors) {
    std::cerr << diagnostic.str() << "\n";
  }
  if (inputs.fatal) {
    return std::nullopt;
  }
  std::string error;
  if (args.has("shard")) {
    auto shard = parse_shard(args.get("shard"), &error);
    if (!shard) {
      std::cerr << "tarsier " << command << ": " << error << "\n";
      return std::nullopt;
    }
    keep_shard(*shard, &inputs);
  }
  std::set<std::string> ecosystems;
  for (const auto& package : inputs.packages) {
    ecosystems.insert(package.ecosystem);
  }
  auto setup = make_scan_setup(args, project_dir_of(inputs, args.positional),
                               {ecosystems.begin(), ecosystems.end()}, &error);
  if (!setup) {
    std::cerr << "tarsier " << command << ": " << error << "\n";
    return std::nullopt;
  }
  return PreparedScan{std::move(inputs), std::move(*setup)};
}

bool emit_report(const ScanSetup& setup, const ScanReport& report, std::string* error) {
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!setup.output.empty()) {
    file.open(setup.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      *error = "cannot write " + setup.output;
      return false;
    }
    out = &file;
  }
  if (setup.format == "json") {
    write_json_report(report, *out);
  } else if (setup.format == "sarif") {
    write_sarif_report(report, setup.sarif_level, *out);
  } else if (setup.format == "html") {
    write_html_dashboard(dashboard_from_scan(report, utc_iso(std::chrono::system_clock::now())),
                         *out);
  } else {
    write_text_report(report, *out);
  }
  out->flush();
  if (!*out) {
    *error = "failed writing the report";
    return false;
  }
  return true;
}

int scan_exit_code(const ScanReport& report) {
  bool failed = !report.input_errors.empty();
  for (const auto& package : report.packages) {
    if (package.risk >= report.fail_on) {
      return k_exit_findings;
    }
    if (!package.error.empty()) {
      failed = true;
    }
  }
  return failed ? k_exit_incomplete : k_exit_ok;
}

void print_warnings(const ScanSetup& setup, const std::vector<std::string>& warnings) {
  if (setup.quiet || (setup.format == "text" && setup.output.empty())) {
    return;
  }
  for (const auto& warning : warnings) {
    std::cerr << "tarsier: warning: " << warning << "\n";
  }
}

int count_suppressed(const std::vector<PackageResult>& results) {
  int count = 0;
  for (const auto& result : results) {
    for (const auto& finding : result.findings) {
      count += finding.suppressed ? 1 : 0;
    }
  }
  return count;
}

std::function<void(size_t, size_t)> terminal_progress(bool) {
  return {};  // the display is ScanOptions::on_progress, set by make_scanner()
}

}  // namespace tarsier::cli
