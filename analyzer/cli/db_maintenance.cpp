#include "analyzer/cli/db_maintenance.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "analyzer/db/audit_log.h"
#include "analyzer/db/connection.h"
#include "analyzer/db/prune.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/utc_time.h"

namespace tarsier::cli {

namespace {

Result<db::PruneOptions> prune_options(const ParsedArgs& args) {
  db::PruneOptions o;
  if (!args.has("keep") && !args.has("keep-scans")) {
    return make_error(ErrorKind::invalid,
                      "prune needs --keep DURATION (e.g. 90d) or --keep-scans N");
  }
  if (args.has("keep")) {
    auto keep = parse_duration(args.get("keep"));
    if (!keep) {
      return make_error(ErrorKind::invalid, "--keep needs a duration such as 30d or 12h");
    }
    o.before = utc_iso(std::chrono::system_clock::now() - *keep);
  }
  if (args.has("keep-scans")) {
    try {
      size_t used = 0;
      o.keep_scans = std::stoi(args.get("keep-scans"), &used);
      if (used != args.get("keep-scans").size() || o.keep_scans < 1) {
        throw std::invalid_argument("range");
      }
    } catch (const std::exception&) {
      return make_error(ErrorKind::invalid, "--keep-scans needs a whole number of at least 1");
    }
  }
  o.actor = args.get("actor", db::default_actor());
  return o;
}

int run_prune(const ParsedArgs& args, const std::string& path) {
  auto options = prune_options(args);
  if (!options) {
    std::cerr << "tarsier db prune: " << options.error().str() << "\n";
    return k_exit_usage;
  }
  auto stats = db::prune_database(path, *options);
  if (!stats) {
    std::cerr << "tarsier db prune: " << stats.error().str() << "\n";
    return k_exit_usage;
  }
  std::cout << "pruned " << stats->scans << " scans, " << stats->analyses << " analyses, "
            << stats->file_results << " stored file outcomes, " << stats->alerts
            << " acknowledged alerts\n";
  return k_exit_ok;
}

int run_verify(const ParsedArgs& args, const std::string& path) {
  auto connection = db::Connection::open(path, db::OpenMode::read_only);
  auto result = connection ? db::verify_audit((*connection)->handle()) : connection.error();
  if (!result) {
    std::cerr << "tarsier db verify: " << result.error().str() << "\n";
    return k_exit_usage;
  }
  if (args.get("format") == "json") {
    std::cout << json_text({{"entries", result->entries},
                            {"head", result->head},
                            {"problems", result->problems}},
                           2)
              << "\n";
  } else {
    for (const auto& problem : result->problems) {
      std::cout << path << ": " << problem << "\n";
    }
    std::cout << result->entries << " audit entries, head "
              << (result->head.empty() ? "(none)" : result->head) << ": "
              << (result->problems.empty() ? "intact" : "TAMPERED") << "\n";
  }
  return result->problems.empty() ? k_exit_ok : k_exit_findings;
}

int run_export(const std::string& path) {
  auto connection = db::Connection::open(path, db::OpenMode::read_only);
  auto entries = connection ? db::audit_entries((*connection)->handle()) : connection.error();
  if (!entries) {
    std::cerr << "tarsier db audit-export: " << entries.error().str() << "\n";
    return k_exit_usage;
  }
  // `details` stays the stored text: the hash covers it byte for byte.
  for (const auto& e : *entries) {
    std::cout << json_text({{"id", e.id},
                            {"at", e.at},
                            {"event", e.event},
                            {"actor", e.actor},
                            {"subject", e.subject},
                            {"details", e.details},
                            {"prev_hash", e.prev_hash},
                            {"hash", e.hash}})
              << "\n";
  }
  return k_exit_ok;
}

}  // namespace

int run_db_maintenance(const std::string& action, const ParsedArgs& args) {
  std::string path = args.get("db", RiskDb::default_path());
  std::error_code ec;
  if (!db::is_postgres_target(path) && !std::filesystem::is_regular_file(path, ec)) {
    std::cerr << "tarsier db " << action << ": no risk database at " << path << "\n";
    return k_exit_usage;
  }
  if (auto db = RiskDb::open(path); !db) {  // applies missing migrations
    std::cerr << "tarsier db " << action << ": " << db.error().str() << "\n";
    return k_exit_usage;
  }
  if (action == "prune") {
    return run_prune(args, path);
  }
  return action == "verify" ? run_verify(args, path) : run_export(path);
}

}  // namespace tarsier::cli
