// tarsier watch: polls the registry for new versions of the packages of lockfiles or specs,
// analyses each new version, raises anomaly alerts and delivers them (analyzer/monitor).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/cli/watch_sinks.h"
#include "analyzer/monitor/watch_log.h"
#include "analyzer/monitor/watch_loop.h"
#include "analyzer/monitor/watch_status.h"
#include "analyzer/monitor/watched_packages.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;

// The first SIGINT/SIGTERM finishes the current step and exits cleanly; a second one exits at
// once (the database keeps everything committed, so nothing is lost either way).
extern "C" void on_stop_signal(int signal) {
  if (g_stop != 0) {
    _exit(128 + signal);
  }
  g_stop = 1;
}

struct WatchOptions {
  std::chrono::seconds interval{300};
  std::chrono::milliseconds alert_backoff{5000};
  bool once = false;
  bool json_log = false;  // --log-format json
};

Result<WatchOptions> read_watch_options(const ParsedArgs& args) {
  WatchOptions o;
  o.once = args.has("once");
  std::string log_format = args.get("log-format", "text");
  if (log_format != "text" && log_format != "json") {
    return make_error(ErrorKind::invalid, "--log-format is text or json");
  }
  o.json_log = log_format == "json";
  if (args.has("interval")) {
    auto d = parse_duration(args.get("interval"));
    if (!d) {
      return make_error(ErrorKind::invalid, "--interval needs a duration such as 30s, 5m or 1h");
    }
    o.interval = *d;
  }
  if (args.has("alert-backoff")) {
    auto d = parse_duration(args.get("alert-backoff"));
    if (!d) {
      return make_error(ErrorKind::invalid, "--alert-backoff needs a duration such as 5s or 1m");
    }
    o.alert_backoff = *d;
  }
  return o;
}

int run_status(const ParsedArgs& args, const WatchOptions& options) {
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier watch: no risk database at " << path << "\n";
    return k_exit_usage;
  }
  auto output = report_output_from("watch", args);
  auto db = output ? RiskDb::open(path) : output.error();
  auto store = db ? WatchStore::open(path) : db.error();
  if (!store) {
    std::cerr << "tarsier watch: " << store.error().str() << "\n";
    return k_exit_usage;
  }
  if (auto written = write_watch_status(**store, 3 * options.interval,
                                        output->format == ReportFormat::json, std::cout);
      !written) {
    std::cerr << "tarsier watch: " << written.error().str() << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

int exit_code_of(const std::vector<RoundReport>& rounds, Risk fail_on, bool once) {
  if (!once || rounds.empty()) {
    return k_exit_ok;
  }
  const RoundReport& r = rounds.back();
  return exit_code({r.highest.value_or(Risk::none), r.failed > 0 || !r.errors.empty()}, fail_on);
}

// Round summaries go to `log`. Text: when something happened (and once at start), not every
// round. JSON lines: every round, so a quiet watcher still shows it is alive.
LoopOptions loop_options(const WatchOptions& options, bool quiet, std::ostream& log) {
  LoopOptions loop;
  loop.once = options.once;
  loop.alert_backoff = options.alert_backoff;
  loop.stop = [] { return g_stop != 0; };
  auto first = std::make_shared<bool>(true);
  if (options.json_log) {
    loop.on_round = [&log](const RoundReport& r, const DeliveryCounts& d) {
      write_round_json(r, d, log);
      log.flush();
    };
    loop.on_delivery = [&log](const DeliveryCounts& d) {
      write_deliveries_json(d, log);
      log.flush();
    };
    return loop;
  }
  loop.on_round = [&log, first, quiet, once = options.once](const RoundReport& r,
                                                            const DeliveryCounts& d) {
    bool eventful = !r.changes.empty() || !r.errors.empty() || !r.picks.empty() ||
                    d.delivered > 0 || d.failed > 0;
    bool print = quiet ? eventful : (*first || once || eventful);
    *first = false;
    if (print) {
      write_round_text(r, d, log);
      log.flush();
    }
  };
  loop.on_delivery = [&log](const DeliveryCounts& d) {
    write_round_text(RoundReport{}, d, log);
    log.flush();
  };
  return loop;
}

PollerDeps poller_deps(ScanSetup& setup, const WatchOptions& options) {
  PollerDeps deps;
  deps.db = setup.db.get();
  deps.scan_options = setup.options;
  deps.analyzer = setup.analyzer;
  deps.tool_version = TARSIER_VERSION;
  deps.settings.interval = options.interval;
  deps.clients = std::make_shared<const RegistryClients>(std::move(setup.clients));
  return deps;
}

int run_watch_command(const ParsedArgs& args) {
  auto options = read_watch_options(args);
  if (!options) {
    std::cerr << "tarsier watch: " << options.error().str() << "\n";
    return k_exit_usage;
  }
  if (args.has("status")) {
    return run_status(args, *options);
  }
  if (args.positional.empty() || args.has("no-db")) {
    std::cerr << "tarsier watch: give a lockfile, a directory or specs (npm:NAME, pypi:NAME) to "
                 "watch; the "
                 "watch state lives in the risk database (--no-db is not possible)\n";
    return k_exit_usage;
  }
  auto setup_options = setup_options_from(args);
  if (!setup_options) {
    std::cerr << "tarsier watch: " << setup_options.error().str() << "\n";
    return k_exit_usage;
  }
  auto prepared = prepare_scan("watch", args, *setup_options);
  if (!prepared) {
    return k_exit_usage;
  }
  ScanSetup& setup = prepared->setup;
  std::vector<std::string> notes;
  auto packages = watched_packages(prepared->inputs.packages, &notes);
  for (const auto& note : notes) {
    std::cerr << "tarsier watch: " << note << "\n";
  }
  if (packages.empty()) {
    std::cerr << "tarsier watch: nothing to watch\n";
    return k_exit_usage;
  }
  auto watch_store = WatchStore::open(setup.db->path());
  auto alert_store = watch_store ? AlertStore::open(setup.db->path()) : watch_store.error();
  FetchOptions sink_fetch = setup.options.fetch;
  sink_fetch.retries = 1;
  sink_fetch.timeout_ms = 30000;
  auto sinks = alert_store ? make_sinks(args, sink_fetch)
                           : Result<std::vector<std::unique_ptr<AlertSink>>>(alert_store.error());
  if (!sinks) {
    std::cerr << "tarsier watch: " << sinks.error().str() << "\n";
    return k_exit_usage;
  }
  PollerDeps deps = poller_deps(setup, *options);
  deps.project = project_name(args, prepared->inputs);
  deps.store = watch_store->get();
  deps.alerts = alert_store->get();
  deps.fetch = setup.options.fetch;
  for (const auto& sink : *sinks) {
    deps.sinks.push_back(sink->id());
  }
  Poller poller(std::move(deps));
  if (auto added = poller.add_packages(std::move(packages)); !added) {
    std::cerr << "tarsier watch: risk database: " << added.error().str() << "\n";
    return k_exit_usage;
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  bool stdout_taken = args.has("alert-jsonl") && args.values.at("alert-jsonl").back() == "-";
  LoopOptions loop = loop_options(*options, setup.quiet, stdout_taken ? std::cerr : std::cout);
  auto rounds = run_watch(poller, **alert_store, *sinks, loop);
  return exit_code_of(rounds, setup.fail_on, options->once);
}

std::vector<OptionSpec> watch_options() {
  std::vector<OptionSpec> options = {
      {"once", 0, false, false, "", "poll once, analyse, deliver and exit (for cron and CI)"},
      {"interval", 0, true, false, "DURATION", "time between polls of a package (default 5m)"},
      {"status", 0, false, false, "",
       "print every watched package with how stale its registry data is, then exit"},
  };
  for (auto& o : output_option_specs("watch")) {
    if (o.name == "format") {  // --status writes to standard output
      options.push_back(std::move(o));
    }
  }
  for (auto& o : scan_option_specs()) {
    options.push_back(std::move(o));
  }
  options.push_back(project_option_spec());
  for (auto& o : input_option_specs()) {
    options.push_back(std::move(o));
  }
  for (auto& o : sink_option_specs()) {
    options.push_back(std::move(o));
  }
  return options;
}

const CommandRegistration k_watch{{
    "watch",
    "watch [options] LOCKFILE|DIR|SPEC...",
    "poll the registry for new versions, analyse them and raise anomaly alerts",
    watch_options(),
    run_watch_command,
}};

}  // namespace

}  // namespace tarsier::cli
