// tarsier worker: takes package specs from the work queue in the risk database one at a time
// (analyzer/queue), fetches and analyses each through the scan pipeline (the setup, Scanner and
// recording that `tarsier scan SPEC` uses), records it as a scan of its own and marks the job
// done; a failure is recorded and the job retried until its attempts are used up. Any number of
// workers, on any machines, may share one PostgreSQL database (or one SQLite file on one host).
#include <unistd.h>

#include <iostream>
#include <map>

#include "analyzer/cli/command.h"
#include "analyzer/cli/scan_setup.h"
#include "analyzer/queue/worker.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

namespace {

// One scan setup per ecosystem, made when the first job of that ecosystem comes.
class JobSetups {
 public:
  explicit JobSetups(SetupOptions options) : m_options(std::move(options)) {}

  // Called before the job's lease keeper starts its thread (WorkerOptions::before_lease): the
  // first setup of an ecosystem forks the analysis workers' zygote.
  void prepare(const std::string& ecosystem) {
    m_prepared.erase(ecosystem);
    m_prepared.emplace(ecosystem, for_ecosystem(ecosystem));
  }

  // What prepare() made for this job (an error stays this job's), else a setup made now.
  Result<ScanSetup*> take(const std::string& ecosystem) {
    auto node = m_prepared.extract(ecosystem);
    return node ? std::move(node.mapped()) : for_ecosystem(ecosystem);
  }

 private:
  Result<ScanSetup*> for_ecosystem(const std::string& ecosystem) {
    auto found = m_setups.find(ecosystem);
    if (found != m_setups.end()) {
      if (found->second.clients.empty()) {
        if (auto renewed = found->second.renew_clients(m_options, ".", {ecosystem}); !renewed) {
          return renewed.error();
        }
      }
      return &found->second;
    }
    auto setup = make_scan_setup(m_options, ".", {ecosystem});
    if (!setup) {
      return setup.error();
    }
    return &m_setups.emplace(ecosystem, std::move(*setup)).first->second;
  }

  SetupOptions m_options;
  std::map<std::string, ScanSetup> m_setups;
  std::map<std::string, Result<ScanSetup*>> m_prepared;
};

// Fetches and analyses one job's package, recorded as a `worker` scan of its spec.
queue::JobOutcome analyse_job(JobSetups& setups, const queue::Job& job) {
  auto parsed = parse_package_spec(job.spec, job.ecosystem);
  if (!parsed) {
    return {false, 0, parsed.error().str()};
  }
  PackageRef ref = std::move(*parsed);
  auto ready = setups.take(job.ecosystem);
  if (!ready) {
    return {false, 0, ready.error().str()};
  }
  ScanSetup* setup = *ready;
  std::string error;
  ScanRecord record{"worker",           {job.spec},
                    TARSIER_VERSION,    setup->analyzer->ruleset_version(),
                    setup->policy_path, ""};
  auto begun = setup->db->begin_scan(record);
  if (!begun) {
    return {false, 0, "risk database: " + begun.error().str()};
  }
  int64_t scan_id = *begun;
  Scanner scanner = setup->make_scanner(scan_id);
  std::vector<PackageResult> results = scanner.scan({ref});
  const PackageResult& result = results.at(0);
  bool ok = result.error.empty();
  int code = exit_code(RunOutcome{result.risk, !ok}, setup->fail_on);
  ScanTotals totals{1, ok ? 1 : 0, ok ? 0 : 1, code, count_suppressed(results)};
  if (auto finished = setup->db->finish_scan(scan_id, totals); !finished) {
    return {false, scan_id, "risk database: " + finished.error().str()};
  }
  return {ok, scan_id, result.error};
}

std::string default_worker_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof host, "localhost");
  }
  return std::string(host) + ":" + std::to_string(getpid());
}

// --lease, --max-attempts, --once, --drain, --idle-exit, --worker-id.
Result<queue::WorkerOptions> worker_options_from(const ParsedArgs& args) {
  queue::WorkerOptions options;
  options.claim.owner = args.get("worker-id", default_worker_id());
  try {
    options.claim.lease_ms = std::stol(args.get("lease", "300")) * 1000;
    options.claim.max_attempts = std::stoi(args.get("max-attempts", "3"));
  } catch (const std::exception&) {
    options.claim.lease_ms = 0;
  }
  if (options.claim.lease_ms <= 0 || options.claim.max_attempts <= 0) {
    return make_error(ErrorKind::invalid,
                      "--lease takes a number of seconds and --max-attempts a count, both above 0");
  }
  if (args.has("once") && args.has("drain")) {
    return make_error(ErrorKind::invalid, "--once and --drain exclude each other");
  }
  options.mode = args.has("once")    ? queue::WorkerMode::once
                 : args.has("drain") ? queue::WorkerMode::drain
                                     : queue::WorkerMode::forever;
  options.idle_exit = args.has("idle-exit");
  options.poll = std::chrono::milliseconds(std::min<int64_t>(500, options.claim.lease_ms / 4));
  return options;
}

void print_job(const queue::Job& job, const queue::JobOutcome& outcome) {
  if (outcome.ok) {
    std::cerr << "tarsier worker: done " << job.spec << " (scan " << outcome.scan_id << ")\n";
  } else {
    std::cerr << "tarsier worker: attempt " << job.attempts << "/" << job.max_attempts << " of "
              << job.spec << " failed: " << outcome.error << "\n";
  }
}

int run_worker_command(const ParsedArgs& args) {
  auto setup_options = setup_options_from(args);
  auto options = setup_options ? worker_options_from(args)
                               : Result<queue::WorkerOptions>(setup_options.error());
  if (!options) {
    std::cerr << "tarsier worker: " << options.error().str() << "\n";
    return k_exit_usage;
  }
  auto jobs = queue::JobQueue::open(setup_options->db_path);
  if (!jobs) {
    std::cerr << "tarsier worker: " << jobs.error().str() << "\n";
    return k_exit_usage;
  }
  auto keeper = queue::JobQueue::open(setup_options->db_path);
  if (!keeper) {
    std::cerr << "tarsier worker: " << keeper.error().str() << "\n";
    return k_exit_usage;
  }
  JobSetups setups(*setup_options);
  options->before_lease = [&setups](const queue::Job& job) { setups.prepare(job.ecosystem); };
  auto report = setup_options->quiet
                    ? std::function<void(const queue::Job&, const queue::JobOutcome&)>()
                    : print_job;
  auto totals = queue::run_worker(
      **jobs, *options, [&](const queue::Job& job) { return analyse_job(setups, job); },
      keeper->get(), report);
  if (!totals) {
    std::cerr << "tarsier worker: risk database: " << totals.error().str() << "\n";
    return k_exit_incomplete;
  }
  if (!setup_options->quiet) {
    std::cerr << "tarsier worker: " << totals->done << " done, " << totals->failed_attempts
              << " failed attempts, " << totals->lost << " lost leases\n";
  }
  return k_exit_ok;
}

std::vector<OptionSpec> worker_options() {
  std::vector<OptionSpec> options = {
      {"lease", 0, true, false, "SECONDS",
       "how long a claimed job stays this worker's before others may take it (default 300)"},
      {"max-attempts", 0, true, false, "N", "attempts before a job is failed for good (default 3)"},
      {"once", 0, false, false, "", "run at most one job"},
      {"drain", 0, false, false, "",
       "stop when no job is queued or running (waits for other workers' leases)"},
      {"idle-exit", 0, false, false, "", "stop as soon as no job can be claimed"},
      {"worker-id", 0, true, false, "NAME", "lease owner name (default HOST:PID)"},
  };
  for (auto& option : scan_option_specs()) {
    options.push_back(option.name == "no-db"
                          ? refused_option(option, "the queue and the results are in the database")
                          : option);
  }
  return options;
}

const CommandRegistration k_worker{{
    "worker",
    "worker [options] [--once|--drain] [--idle-exit]",
    "take package specs from the work queue in the risk database and analyse them",
    worker_options(),
    run_worker_command,
}};

}  // namespace

}  // namespace tarsier::cli
