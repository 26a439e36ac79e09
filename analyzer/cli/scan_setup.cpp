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
#include "analyzer/confine/forget.h"
#include "analyzer/confine/worker_pool.h"
#include "analyzer/engine/finding_ids.h"
#include "analyzer/policy/policy.h"
#include "analyzer/registry/registry_clients.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/sarif_report.h"
#include "analyzer/util/repository_root.h"
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

// The project's policy: --policy FILE, else .tarsier.yml from the project directory upwards
// (find_policy_file); none with --no-policy. A policy with errors stops the run (exit 2) rather
// than silently dropping entries or a stricter fail-on.
Result<void> load_project_policy(const SetupOptions& options, const std::string& project_dir,
                                 ScanSetup* setup) {
  if (!options.use_policy) {
    return {};
  }
  std::optional<std::string> path = options.policy_path;
  if (!path && !project_dir.empty()) {
    path = find_policy_file(project_dir);
    if (auto escape = path ? repository_escape(*path) : std::nullopt) {
      return make_error(ErrorKind::invalid,
                        *path + ": the policy file resolves to " + escape->resolved.string() +
                            ", outside the repository " + escape->root.string() +
                            " (through a symbolic link): not read");
    }
  }
  if (!path) {
    return {};
  }
  // Rule ids are checked against the rules in use; rules that do not load fail the scan later.
  auto known_rules = finding_ids(options.rules_dir);
  auto policy = std::make_shared<Policy>(
      load_policy(*path, today_utc(), known_rules ? &*known_rules : nullptr));
  if (!policy->errors.empty()) {
    std::string message = "invalid policy file (tarsier policy check lists every problem):";
    for (const auto& diagnostic : policy->errors) {
      message += "\n" + diagnostic.str();
    }
    return make_error(ErrorKind::invalid, std::move(message));
  }
  for (const auto& warning : policy->warnings) {
    setup->warnings.push_back(warning.str());
  }
  if (!options.fail_on && policy->fail_on) {
    setup->fail_on = *policy->fail_on;
  }
  if (!options.min_release_age && policy->min_release_age) {
    setup->options.signal_options.min_release_age = policy->min_release_age;
    setup->options.registry_signals = true;
  }
  if (!options.registry_signals && policy->registry_signals) {
    setup->options.registry_signals =
        *policy->registry_signals || setup->options.signal_options.min_release_age.has_value();
  }
  setup->policy_path = *path;
  setup->options.policy = std::move(policy);
  return {};
}

// A positive count from --NAME; an error when malformed.
Result<void> read_count(const ParsedArgs& args, const std::string& name, const std::string& what,
                        long* value) {
  if (args.has(name) && !parse_positive(args.get(name), value)) {
    return make_error(ErrorKind::invalid, "--" + name + " needs a positive number" + what);
  }
  return {};
}

// Registry configuration for the ecosystems the packages need; .npmrc's cafile is used when
// --cacert is not given.
Result<void> add_clients(const SetupOptions& options, const std::string& project_dir,
                         const std::vector<std::string>& ecosystems, ScanSetup* setup) {
  RegistrySources sources{project_dir, options.registry, options.index_url, options.cache_dir};
  auto clients = make_registry_clients(ecosystems, sources, &setup->warnings);
  if (!clients) {
    return clients.error();
  }
  setup->clients = std::move(*clients);
  for (const auto& entry : setup->clients) {
    if (setup->options.fetch.cacert.empty()) {
      setup->options.fetch.cacert = entry.second->ca_file();
    }
  }
  return {};
}

}  // namespace

std::string project_dir_of(const ResolvedInputs& inputs, const std::vector<std::string>& args) {
  std::error_code ec;
  if (!inputs.lockfiles.empty()) {
    return std::filesystem::absolute(inputs.lockfiles.front(), ec).parent_path().string();
  }
  for (const auto& archive : inputs.archives) {
    if (archive.unpacked) {
      return "";  // a package folder is what is scanned, never the project that configures it
    }
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

std::vector<OptionSpec> registry_option_specs() {
  return {
      {"registry", 0, true, false, "URL", "npm registry base URL (overrides npm's configuration)"},
      {"index-url", 0, true, false, "URL",
       "Python package index (Simple API) URL (overrides pip's configuration)"},
      {"download-jobs", 0, true, false, "N",
       "parallel downloads (default: 4 per analysis thread, at least 8; fetch: 8 per thread)"},
      {"cache-dir", 0, true, false, "DIR", "archive cache (default: $XDG_CACHE_HOME/tarsier)"},
      {"offline", 0, false, false, "", "use only the archive cache; list what is missing"},
      {"proxy", 0, true, false, "URL", "HTTP(S) proxy for all requests"},
      {"cacert", 0, true, false, "FILE", "CA bundle for TLS verification"},
      {"timeout", 0, true, false, "SECONDS", "per-request timeout (default: 120)"},
      {"retries", 0, true, false, "N", "retries after a failed request (default: 3)"},
  };
}

std::vector<OptionSpec> analysis_option_specs() {
  return {
      {"jobs", 'j', true, false, "N", "analysis threads (default: number of cores)"},
      {"rules", 0, true, false, "DIR", "load rules from DIR instead of the built-in ones"},
      {"full-parse", 0, false, false, "", "parse every source file (no lexical pre-filter)"},
      {"no-confine", 0, false, false, "",
       "unpack and analyse archives in the scanning process, not in sandboxed workers"},
      {"fetch-known-malware", 0, false, false, "",
       "download and analyse versions known as malware (reported either way)"},
      {"registry-signals", 0, false, false, "",
       "compare each version's registry metadata with the lockfile and the archive (release "
       "age, publishers, deprecation, repository, manifest confusion)"},
      {"min-release-age", 0, true, false, "DURATION",
       "fail on versions published less than DURATION ago (36h, 7d); implies "
       "--registry-signals"},
  };
}

std::vector<OptionSpec> database_option_specs() {
  return {
      {"db", 0, true, false, "FILE|URL",
       "risk database: a SQLite file or a postgresql:// URL (default: $TARSIER_DB, else "
       "$XDG_DATA_HOME/tarsier/risk.db)"},
      {"no-db", 0, false, false, "", "do not record anything in a risk database"},
  };
}

std::vector<OptionSpec> policy_option_specs() {
  return {
      {"policy", 0, true, false, "FILE",
       "policy file with suppressions (default: .tarsier.yml from the project up to its repository "
       "root)"},
      {"no-policy", 0, false, false, "", "apply no policy file"},
  };
}

std::vector<OptionSpec> gate_option_specs(const std::string& help) {
  return {{"fail-on", 0, true, false, "LEVEL",
           help + ": low, medium, high, critical (default " +
               std::string(to_string(k_default_fail_on)) + ")"}};
}

std::vector<OptionSpec> quiet_option_specs() {
  return {{"quiet", 'q', false, false, "", "no progress output"}};
}

void add_options(std::vector<OptionSpec>* options, std::vector<OptionSpec> more) {
  for (auto& option : more) {
    options->push_back(std::move(option));
  }
}

std::vector<OptionSpec> scan_option_specs() {
  std::vector<OptionSpec> options = gate_option_specs("exit 1 when a package is at or above LEVEL");
  add_options(&options, registry_option_specs());
  add_options(&options, analysis_option_specs());
  add_options(&options, database_option_specs());
  add_options(&options, policy_option_specs());
  add_options(&options, quiet_option_specs());
  return options;
}

Result<SetupOptions> setup_options_from(const ParsedArgs& args) {
  SetupOptions o;
  o.registry = args.get("registry");
  o.index_url = args.get("index-url");
  o.cache_dir = args.get("cache-dir", TarballCache::default_dir());
  o.proxy = args.get("proxy");
  o.cacert = args.get("cacert");
  o.offline = args.has("offline");
  for (auto read : {read_count(args, "jobs", "", &o.jobs),
                    read_count(args, "download-jobs", "", &o.download_jobs),
                    read_count(args, "timeout", " of seconds", &o.timeout_seconds)}) {
    if (!read) {
      return read.error();
    }
  }
  if (args.has("retries")) {
    long retries = 0;
    if (args.get("retries") != "0" && !parse_positive(args.get("retries"), &retries)) {
      return make_error(ErrorKind::invalid, "--retries needs a number");
    }
    o.retries = static_cast<int>(retries);
  }
  o.rules_dir = args.get("rules");
  o.full_parse = args.has("full-parse");
  o.confine = !args.has("no-confine");
  o.fetch_known_malware = args.has("fetch-known-malware");
  o.registry_signals = args.has("registry-signals");
  if (args.has("min-release-age")) {
    o.min_release_age = parse_duration(args.get("min-release-age"));
    if (!o.min_release_age) {
      return make_error(ErrorKind::invalid, "--min-release-age needs a duration such as 36h or 7d");
    }
  }
  o.use_db = !args.has("no-db");
  o.db_path = args.get("db", RiskDb::default_path());
  o.use_policy = !args.has("no-policy");
  if (args.has("policy")) {
    o.policy_path = args.get("policy");
  }
  if (args.has("fail-on")) {
    auto fail_on = parse_risk(args.get("fail-on"));
    if (!fail_on || *fail_on == Risk::none) {
      return make_error(ErrorKind::invalid, "unknown --fail-on '" + args.get("fail-on") +
                                                "' (expected low, medium, high or critical)");
    }
    o.fail_on = *fail_on;
  }
  o.quiet = args.has("quiet");
  o.verbose = args.has("verbose");
  return o;
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

Result<void> ScanSetup::renew_clients(const SetupOptions& options, const std::string& project_dir,
                                      const std::vector<std::string>& ecosystems) {
  return add_clients(options, project_dir, ecosystems, this);
}

Result<ScanSetup> make_scan_setup(const SetupOptions& options, const std::string& project_dir,
                                  const std::vector<std::string>& ecosystems,
                                  bool database_optional) {
  ScanSetup setup;
  setup.quiet = options.quiet;
  setup.verbose = options.verbose;
  setup.fail_on = options.fail_on.value_or(k_default_fail_on);
  setup.options.registry_signals = options.registry_signals || options.min_release_age;
  setup.options.signal_options.min_release_age = options.min_release_age;
  if (auto loaded = load_project_policy(options, project_dir, &setup); !loaded) {
    return loaded.error();
  }
  long jobs = options.jobs > 0 ? options.jobs : default_jobs();
  setup.options.jobs = static_cast<int>(jobs);
  // A scan waits for its analysis, not its downloads: 4 per analysis thread kept a cold scan as
  // fast as 8 did, with 80 MB less in flight; with nothing to analyse, more in flight is faster.
  long per_thread = options.download_only ? 8 : 4;
  setup.options.download_only = options.download_only;
  setup.options.fetch.jobs = static_cast<int>(
      options.download_jobs > 0 ? options.download_jobs : std::max(8L, per_thread * jobs));
  setup.options.fetch.timeout_ms = options.timeout_seconds * 1000;
  if (options.retries) {
    setup.options.fetch.retries = *options.retries;
  }
  setup.options.fetch.proxy = options.proxy;
  setup.options.fetch.cacert = options.cacert;
  setup.options.fetch.user_agent = std::string("tarsier/") + TARSIER_VERSION;
  setup.options.cache_dir = options.cache_dir;
  setup.options.offline = options.offline;
  setup.options.fetch_known_malware = options.fetch_known_malware;
  setup.options.analyzer.rules_dir = options.rules_dir;
  setup.options.analyzer.full_parse = options.full_parse;
  setup.options.confine.enabled = options.confine;
  auto analyzer = Analyzer::create_deferred(setup.options.analyzer);
  if (!analyzer) {
    return analyzer.error();
  }
  setup.analyzer = std::move(*analyzer);
  if (options.confine) {
    // Before any credential is read (.npmrc, below) and before the database is opened: the
    // workers are forked from this process as it is now.
    // The credentials of URLs on the command line are erased from the zygote's copy of memory.
    std::vector<std::string> secrets;
    for (const std::string* url : {&options.proxy, &options.registry, &options.index_url}) {
      for (auto& secret : url_secrets(*url)) {
        secrets.push_back(std::move(secret));
      }
    }
    setup.options.workers = std::make_shared<WorkerPool>(*setup.analyzer, setup.options.limits,
                                                         setup.options.confine, secrets);
  }
  if (auto added = add_clients(options, project_dir, ecosystems, &setup); !added) {
    return added.error();
  }
  if (options.use_db) {
    auto opened = RiskDb::open(options.db_path);
    if (opened) {
      setup.db = std::move(*opened);
    } else if (!database_optional) {
      return make_error(ErrorKind::io, "risk database: " + opened.error().str());
    } else {
      setup.db_error = opened.error().str();
    }
  }
  return setup;
}

std::optional<PreparedScan> prepare_scan(const std::string& command, const ParsedArgs& args,
                                         const SetupOptions& options) {
  ResolvedInputs inputs = resolve_inputs(args.positional, input_options_from(args));
  for (const auto& diagnostic : inputs.errors) {
    std::cerr << diagnostic.str() << "\n";
  }
  if (inputs.fatal) {
    return std::nullopt;
  }
  if (args.has("shard")) {
    auto shard = parse_shard(args.get("shard"));
    if (!shard) {
      std::cerr << "tarsier " << command << ": " << shard.error().str() << "\n";
      return std::nullopt;
    }
    keep_shard(*shard, &inputs);
  }
  std::set<std::string> ecosystems;
  for (const auto& package : inputs.packages) {
    ecosystems.insert(package.ecosystem);
  }
  auto setup = make_scan_setup(options, project_dir_of(inputs, args.positional),
                               {ecosystems.begin(), ecosystems.end()}, command == "scan");
  if (!setup) {
    std::cerr << "tarsier " << command << ": " << setup.error().str() << "\n";
    return std::nullopt;
  }
  return PreparedScan{std::move(inputs), std::move(*setup)};
}

Result<void> emit_report(const ReportOutput& output, const ScanReport& report) {
  return write_output(output.path, [&](std::ostream& out) {
    switch (output.format) {
      case ReportFormat::json:
        write_json_report(report, out);
        break;
      case ReportFormat::sarif:
        write_sarif_report(report, output.sarif_level, out);
        break;
      case ReportFormat::markdown:
        write_markdown_report(report, out);
        break;
      case ReportFormat::html:
        write_html_dashboard(dashboard_from_scan(report, utc_iso(std::chrono::system_clock::now())),
                             out);
        break;
      case ReportFormat::text:
        write_text_report(report, out);
        break;
    }
  });
}

RunOutcome scan_outcome(const ScanReport& report) {
  RunOutcome outcome;
  outcome.incomplete = !report.input_errors.empty();
  for (const auto& package : report.packages) {
    outcome.highest = std::max(outcome.highest, package.risk);
    outcome.incomplete = outcome.incomplete || !package.error.empty();
  }
  return outcome;
}

void print_warnings(const ScanSetup& setup, const ReportOutput& output,
                    const std::vector<std::string>& warnings) {
  if (setup.quiet || (output.format == ReportFormat::text && output.to_stdout())) {
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

int64_t begin_recorded_scan(ScanSetup* setup, const ScanRecord& record) {
  if (!setup->db) {
    return 0;
  }
  auto scan_id = setup->db->begin_scan(record);
  if (!scan_id) {
    setup->db_error = setup->db->path() + ": " + scan_id.error().str();
    setup->db.reset();  // nothing can be recorded: go on without it
    return 0;
  }
  return *scan_id;
}

std::string database_problem(const ScanSetup& setup, const std::vector<PackageResult>& packages) {
  std::string problem = setup.db_error;
  if (problem.empty() && setup.db) {
    for (const auto& package : packages) {
      for (const auto& finding : package.findings) {
        if (finding.rule == "database-write-failed") {
          problem = setup.db->path() + ": " + finding.message;
        }
      }
    }
  }
  if (problem.empty()) {
    return problem;
  }
  return "risk database " + problem + " (this scan is not fully recorded; the report is)";
}

}  // namespace tarsier::cli
