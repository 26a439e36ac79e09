// tarsier queue status: how many jobs of the work queue (analyzer/queue) are queued, running,
// done and failed, how many running leases ran out, and why the failed jobs failed; as text or
// JSON. `tarsier queue list STATE` lists the jobs in one state.
#include <iostream>

#include "analyzer/cli/command.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/queue/job_queue.h"
#include "analyzer/util/json_text.h"

namespace tarsier::cli {

namespace {

nlohmann::json job_json(const queue::Job& job) {
  return {{"spec", job.spec},
          {"state", job.state},
          {"attempts", job.attempts},
          {"max_attempts", job.max_attempts},
          {"lease_owner", job.lease_owner},
          {"last_error", job.last_error}};
}

void write_jobs_text(const std::vector<queue::Job>& jobs, std::ostream& out) {
  for (const auto& job : jobs) {
    out << job.spec << "  " << job.state << "  attempts " << job.attempts << "/" << job.max_attempts
        << (job.last_error.empty() ? "" : "  " + job.last_error) << "\n";
  }
}

Result<void> show_status(queue::JobQueue& jobs, bool json) {
  auto counts = jobs.counts();
  if (!counts) {
    return counts.error();
  }
  auto failed = jobs.jobs("failed");
  if (!failed) {
    return failed.error();
  }
  if (json) {
    nlohmann::json out = {{"queued", counts->queued},   {"running", counts->running},
                          {"done", counts->done},       {"failed", counts->failed},
                          {"expired", counts->expired}, {"failed_jobs", nlohmann::json::array()}};
    for (const auto& job : *failed) {
      out["failed_jobs"].push_back(job_json(job));
    }
    std::cout << json_text(out, 2) << "\n";
    return {};
  }
  std::cout << "queued " << counts->queued << ", running " << counts->running << " ("
            << counts->expired << " with an expired lease), done " << counts->done << ", failed "
            << counts->failed << "\n";
  write_jobs_text(*failed, std::cout);
  return {};
}

Result<void> list_state(queue::JobQueue& jobs, const std::string& state, bool json) {
  auto listed = jobs.jobs(state);
  if (!listed) {
    return listed.error();
  }
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& job : *listed) {
      out.push_back(job_json(job));
    }
    std::cout << json_text(out, 2) << "\n";
  } else {
    write_jobs_text(*listed, std::cout);
  }
  return {};
}

bool known_state(const std::string& state) {
  return state == "queued" || state == "running" || state == "done" || state == "failed";
}

int run_queue(const ParsedArgs& args) {
  const auto& words = args.positional;
  std::string format = args.get("format", "text");
  bool status = words.size() == 1 && words[0] == "status";
  bool list = words.size() == 2 && words[0] == "list" && known_state(words[1]);
  if ((!status && !list) || (format != "text" && format != "json")) {
    std::cerr << "tarsier queue: usage: tarsier queue status | list queued|running|done|failed "
                 "[--format text|json] [--db FILE|URL]\n";
    return k_exit_usage;
  }
  auto jobs = queue::JobQueue::open(args.get("db", RiskDb::default_path()));
  if (!jobs) {
    std::cerr << "tarsier queue: " << jobs.error().str() << "\n";
    return k_exit_usage;
  }
  auto shown = status ? show_status(**jobs, format == "json")
                      : list_state(**jobs, words[1], format == "json");
  if (!shown) {
    std::cerr << "tarsier queue: " << shown.error().str() << "\n";
    return k_exit_incomplete;
  }
  return k_exit_ok;
}

const CommandRegistration k_queue{{
    "queue",
    "queue status | list STATE [--format text|json] [--db FILE|URL]",
    "the work queue of tarsier worker: counts, failures, jobs by state",
    {
        {"db", 0, true, false, "FILE|URL",
         "risk database: a SQLite file or a postgresql:// URL (default: $TARSIER_DB, else "
         "$XDG_DATA_HOME/tarsier/risk.db)"},
        {"format", 'f', true, false, "FORMAT", "text (default) or json"},
    },
    run_queue,
}};

}  // namespace

}  // namespace tarsier::cli
