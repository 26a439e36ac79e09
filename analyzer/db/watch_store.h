// The poll state of `tarsier watch` in the risk database (migration 4): which packages are
// watched, the validators of their last registry answer (for conditional requests), failures and
// staleness, every version the registry listed with its metadata, and the locked versions and
// ranges being watched. The database must already be migrated (RiskDb::open does that).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/risk.h"
#include "analyzer/db/connection.h"

namespace tarsier {

struct WatchTarget {
  int64_t id = 0;
  std::string ecosystem;
  std::string name;
  std::string added_at;
  std::string etag, last_modified;  // validators of the last 200 answer
  std::string checked_at;           // last poll attempt ("" = never)
  std::string ok_at;                // last poll the registry answered (200 or 304)
  std::string changed_at;           // last poll that brought a changed document
  int failures = 0;                 // consecutive failed polls
  std::string next_poll_at;         // "" = now
  std::string last_error;
  std::string latest;  // the registry's latest version at the last successful poll
};

// One version as the registry lists it, with what the anomaly rules compare.
struct RegistryVersion {
  std::string version;
  std::string first_seen;    // when watch first saw it listed
  std::string published_at;  // the registry's publication time ("" when not given)
  std::string publisher;     // who published it ("" when not given)
  std::vector<std::string> maintainers;
  std::vector<std::string> dependencies;  // names of runtime dependencies
  bool install_script = false;            // preinstall / install / postinstall in the manifest
  std::optional<int64_t> file_count, unpacked_size;
  std::string tarball, integrity;
  // "history": listed when the package was first watched; "pending": new, not yet analysed;
  // "done": new and analysed (or given up with `error`).
  std::string state = "pending";
  std::string error;
};

// A locked version being watched, with its range and what a fresh install would pick now.
struct WatchLock {
  std::string lockfile;
  std::string version;
  std::string range;
  std::string fresh_pick;
};

// What the risk database holds about one analysed version (the latest analysis of it).
struct AnalysedVersion {
  std::string version;
  Risk risk = Risk::none;
  std::vector<std::string> capabilities, threats;
  int64_t files = 0, unpacked_bytes = 0;
};

class WatchStore {
 public:
  static Result<std::unique_ptr<WatchStore>> open(const std::string& path);

  // The target for ecosystem/name, created when missing.
  Result<WatchTarget> ensure_target(const std::string& ecosystem, const std::string& name);
  Result<std::vector<WatchTarget>> targets() const;

  // Replaces the locks recorded for `lockfile` of this target.
  Result<void> set_locks(int64_t target_id, const std::string& lockfile,
                         const std::vector<WatchLock>& locks);
  Result<std::vector<WatchLock>> locks(int64_t target_id) const;

  // A poll that got no usable answer: failures + 1, the error, the next poll time.
  Result<void> record_failure(int64_t target_id, const std::string& error_text,
                              const std::string& next_poll_at);
  // A 304: nothing changed.
  Result<void> record_unchanged(int64_t target_id, const std::string& next_poll_at);
  // A 200: new validators and latest, and every listed version in one transaction. Versions not
  // yet known are stored as "history" when the target had never been polled successfully (they
  // predate the watch), else as "pending". Returns the versions that became pending.
  Result<std::vector<std::string>> record_document(const WatchTarget& target,
                                                   const std::string& etag,
                                                   const std::string& last_modified,
                                                   const std::string& latest,
                                                   const std::vector<RegistryVersion>& versions,
                                                   const std::string& next_poll_at);

  Result<std::vector<RegistryVersion>> versions(int64_t target_id) const;
  // Marks a pending version done.
  Result<void> finish_version(int64_t target_id, const std::string& version);
  // Records why a pending version could not be analysed; it stays pending (retried next round).
  Result<void> note_version_error(int64_t target_id, const std::string& version,
                                  const std::string& error_text);

  // The latest analysis of each version of ecosystem/name under `analyzer_version`.
  Result<std::vector<AnalysedVersion>> analysed_versions(const std::string& ecosystem,
                                                         const std::string& name,
                                                         const std::string& analyzer_version) const;

 private:
  explicit WatchStore(std::unique_ptr<db::Connection> connection);
  Result<void> insert_version(int64_t target_id, const RegistryVersion& v,
                              const std::string& state);
  std::unique_ptr<db::Connection> m_db;
};

}  // namespace tarsier
