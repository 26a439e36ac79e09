#include "analyzer/db/risk_db.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "analyzer/core/finding_identity.h"
#include "analyzer/db/backend.h"
#include "analyzer/db/migrations.h"
#include "analyzer/db/policy_rows.h"
#include "analyzer/db/risk_db_impl.h"
#include "analyzer/db/scan_audit.h"
#include "analyzer/db/statement.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

using db::Statement;

namespace {

// Resets a statement when leaving scope, so no read transaction outlives its use.
struct ResetOnExit {
  Statement& statement;
  ~ResetOnExit() { statement.reset(); }
};

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string();
}

// Unfinished scans of this host whose process is gone (killed, crashed, powered off) are marked
// interrupted: their packages stay, and nothing waits for them to finish. A scan of another
// host cannot be checked and is left as it is.
void mark_interrupted_scans(db::Statement& running, db::Statement& interrupt,
                            const std::string& host) {
  std::vector<int64_t> dead;
  {
    auto& s = running;
    ResetOnExit guard{s};
    // Best effort, like the marking below: a busy database only delays it.
    (void)s.bind(1, host).each([&](const Statement& row) {
      auto pid = static_cast<pid_t>(row.integer(1));
      if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH) {
        dead.push_back(row.integer(0));
      }
    });
  }
  for (int64_t id : dead) {
    auto& s = interrupt;
    ResetOnExit guard{s};
    (void)s.bind(1, id).run();  // best effort: a busy database only delays the marking
  }
}

std::string json_list(const std::vector<std::string>& items) {
  return json_text(nlohmann::json(items));
}

std::vector<std::string> parse_json_list(const std::string& text) {
  std::vector<std::string> out;
  try {
    auto value = nlohmann::json::parse(text);
    if (value.is_array()) {
      for (const auto& item : value) {
        if (item.is_string()) {
          out.push_back(item.get<std::string>());
        }
      }
    }
  } catch (const nlohmann::json::exception&) {
    // A hand-edited row must not break a scan; the list is simply empty.
  }
  return out;
}

// Identity of a finding when comparing a result with a stored analysis.
std::string finding_key(const Finding& f) {
  return f.rule + '\n' + f.file + '\n' + std::to_string(f.line) + '\n' + std::to_string(f.column) +
         '\n' + f.message;
}

bool integrity_verified(const PackageResult& result) {
  // A local archive or package folder is named by its own manifest: its hash is not what a
  // registry published under that name, and must not become the version's known integrity.
  if (result.integrity.empty() || result.ref.source == "file") {
    return false;
  }
  for (const auto& finding : result.findings) {
    if (finding.rule == "integrity-mismatch") {
      return false;
    }
  }
  return true;
}

std::string home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return home;
  }
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    return pw->pw_dir;
  }
  return ".";
}

Risk risk_or_none(const std::string& text) {
  return parse_risk(text).value_or(Risk::none);
}

}  // namespace

// Applies the migrations this database lacks, inside the caller's transaction.
static Result<void> apply_migrations(db::Backend* db) {
  auto locked = db->lock_schema();
  if (!locked) {
    return locked;
  }
  auto current = db->schema_version();
  if (!current) {
    return current.error();
  }
  const auto& all = db::migrations(db->dialect());
  if (*current > static_cast<int64_t>(all.size())) {
    return db::db_error("database schema version " + std::to_string(*current) +
                        " is newer than this tarsier supports (" + std::to_string(all.size()) +
                        ")");
  }
  for (size_t i = static_cast<size_t>(*current); i < all.size(); ++i) {
    auto applied = db->exec(all[i]);
    if (!applied) {
      return db::db_error("migration " + std::to_string(i + 1) +
                          " failed: " + applied.error().message());
    }
  }
  if (*current < static_cast<int64_t>(all.size())) {
    return db->set_schema_version(static_cast<int64_t>(all.size()));
  }
  return {};
}

Result<void> RiskDb::Impl::migrate() {
  // The write transaction (and on PostgreSQL the advisory lock) lets only one of two processes
  // opening a new database at once apply the migrations; the other then finds them applied.
  db::Backend* db = handle.get();
  return db::in_transaction(db, [db] { return apply_migrations(db); });
}

Result<std::string> RiskDb::Impl::version_for_scan(int64_t scan_id) {
  if (auto it = scan_versions.find(scan_id); it != scan_versions.end()) {
    return it->second;
  }
  ResetOnExit guard{scan_version};
  auto row = scan_version.bind(1, scan_id).step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return db::db_error("unknown scan id " + std::to_string(scan_id));
  }
  std::string version = analyzer_version(scan_version.text(0), scan_version.text(1));
  scan_versions[scan_id] = version;
  return version;
}

// The capabilities the archive's own findings show: those only context findings bring belong to
// the scan, not to the cached analysis.
static std::vector<std::string> archive_capabilities(const PackageResult& result) {
  std::set<std::string> from_context, from_archive;
  for (const auto& finding : result.findings) {
    (finding.context ? from_context : from_archive).insert(finding.capability);
  }
  std::vector<std::string> out;
  for (const auto& capability : result.capabilities) {
    if (from_context.count(capability) == 0 || from_archive.count(capability) != 0) {
      out.push_back(capability);
    }
  }
  return out;
}

Result<int64_t> RiskDb::Impl::write_finding(const Finding& finding, int64_t analysis_id,
                                            int64_t scan_package_id) {
  ResetOnExit guard{insert_finding};
  if (analysis_id > 0) {
    insert_finding.bind(1, analysis_id).bind_null(2);
  } else {
    insert_finding.bind_null(1).bind(2, scan_package_id);
  }
  insert_finding.bind(3, finding.rule)
      .bind(4, finding.capability)
      .bind(5, to_string(finding.severity))
      .bind(6, finding.message)
      .bind(7, finding.file)
      .bind(8, int64_t{finding.line})
      .bind(9, int64_t{finding.column})
      .bind(10, finding.snippet)
      .bind(11, int64_t{finding.install_time ? 1 : 0})
      .bind(12, finding_fingerprint(finding));
  auto row = insert_finding.step();
  if (!row) {
    return row.error();
  }
  return *row ? insert_finding.integer(0) : int64_t{0};
}

Result<void> RiskDb::Impl::load_findings(int64_t analysis_id, std::vector<Finding>* out,
                                         std::vector<int64_t>* ids) {
  ResetOnExit guard{analysis_findings};
  return analysis_findings.bind(1, analysis_id).each([&](const Statement& f) {
    Finding finding;
    finding.rule = f.text(0);
    finding.capability = f.text(1);
    finding.severity = risk_or_none(f.text(2));
    finding.message = f.text(3);
    finding.file = f.text(4);
    finding.line = static_cast<int>(f.integer(5));
    finding.column = static_cast<int>(f.integer(6));
    finding.snippet = f.text(7);
    finding.install_time = f.integer(8) != 0;
    out->push_back(std::move(finding));
    if (ids != nullptr) {
      ids->push_back(f.integer(9));
    }
  });
}

Result<void> RiskDb::Impl::load_stored(int64_t analysis_id,
                                       std::multimap<std::string, int64_t>* stored) {
  std::vector<Finding> existing;
  std::vector<int64_t> ids;
  auto loaded = load_findings(analysis_id, &existing, &ids);
  if (!loaded) {
    return loaded;
  }
  for (size_t i = 0; i < existing.size(); ++i) {
    stored->emplace(finding_key(existing[i]), ids[i]);
  }
  return {};
}

// Stores the analysis of a verified archive with its findings; when another writer stored the
// same analysis first, links to that one instead, so the archive keeps exactly one.
Result<void> RiskDb::Impl::insert_new_analysis(const PackageResult& result, int64_t package_id,
                                               const std::string& version, int64_t* analysis_id,
                                               std::multimap<std::string, int64_t>* stored) {
  {
    ResetOnExit guard{insert_analysis};
    insert_analysis.bind(1, package_id)
        .bind(2, version)
        .bind(3, to_string(result.analysis.risk))
        .bind(4, json_list(archive_capabilities(result)))
        .bind(5, json_list(result.analysis.threats))
        .bind(6, static_cast<int64_t>(result.stats.archive_bytes))
        .bind(7, static_cast<int64_t>(result.stats.files))
        .bind(8, static_cast<int64_t>(result.stats.unpacked_bytes))
        .bind(9, static_cast<int64_t>(result.stats.parsed_files));
    auto row = insert_analysis.step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      *analysis_id = insert_analysis.integer(0);
    }
  }
  if (*analysis_id == 0) {
    ResetOnExit guard{find_analysis};
    auto row = find_analysis.bind(1, package_id).bind(2, version).step();
    if (!row) {
      return row.error();
    }
    if (!*row) {
      return db::db_error("analysis vanished while linking to it");
    }
    *analysis_id = find_analysis.integer(0);
    return load_stored(*analysis_id, stored);
  }
  auto hashed = db::write_file_hashes(handle.get(), *analysis_id, result.file_sha256);
  if (!hashed) {
    return hashed;
  }
  for (const auto& finding : result.findings) {
    if (finding.context) {
      continue;  // stored with the scan
    }
    auto id = write_finding(finding, *analysis_id, 0);
    if (!id) {
      return id.error();
    }
    stored->emplace(finding_key(finding), *id);
  }
  return {};
}

Result<int64_t> RiskDb::Impl::store_package(const PackageRef& ref, const std::string& integrity) {
  ResetOnExit guard{upsert_package};
  upsert_package.bind(1, ref.ecosystem).bind(2, ref.name).bind(3, ref.version).bind(4, integrity);
  auto row = upsert_package.step();
  if (!row) {
    return row.error();
  }
  return *row ? upsert_package.integer(0) : int64_t{0};
}

// A fresh analysis stores every finding with the analysis, so a cached result replays exactly
// what was reported. A result linked to an existing analysis stores only what it adds.
Result<void> RiskDb::Impl::link_analysis(const PackageResult& result, int64_t package_id,
                                         const std::string& version, int64_t* analysis_id,
                                         std::multimap<std::string, int64_t>* stored,
                                         bool* replayed) {
  {
    ResetOnExit guard{find_analysis};
    auto row = find_analysis.bind(1, package_id).bind(2, version).step();
    if (!row) {
      return row.error();
    }
    if (*row) {
      *analysis_id = find_analysis.integer(0);
    }
  }
  if (*analysis_id > 0 && *replayed) {
    ResetOnExit guard{count_findings};
    auto row = count_findings.bind(1, *analysis_id).step();
    if (!row || !*row) {
      return row ? db::db_error("no finding count for analysis " + std::to_string(*analysis_id))
                 : row.error();
    }
    auto own = std::count_if(result.findings.begin(), result.findings.end(),
                             [](const Finding& f) { return !f.context; });
    *replayed = count_findings.integer(0) == own;
  }
  if (*analysis_id > 0 && !*replayed) {
    return load_stored(*analysis_id, stored);
  }
  if (*analysis_id == 0) {
    *replayed = false;
    return insert_new_analysis(result, package_id, version, analysis_id, stored);
  }
  return {};
}

Result<int64_t> RiskDb::Impl::store_scan_package(int64_t scan_id, int64_t package_id,
                                                 int64_t analysis_id, const PackageResult& result,
                                                 bool verified) {
  const PackageRef& ref = result.ref;
  ResetOnExit guard{insert_scan_package};
  auto& s = insert_scan_package;
  s.bind(1, scan_id).bind(2, package_id);
  if (analysis_id > 0) {
    s.bind(3, analysis_id);
  } else {
    s.bind_null(3);
  }
  s.bind(4, to_string(result.risk))
      .bind(5, json_list(result.capabilities))
      .bind(6, json_list(result.threats));
  if (result.error.empty()) {
    s.bind_null(7);
  } else {
    s.bind(7, result.error);
  }
  s.bind(8, int64_t{verified ? 1 : 0})
      .bind(9, int64_t{result.from_cache ? 1 : 0})
      .bind(10, int64_t{result.result_cached ? 1 : 0})
      .bind(11, ref.lockfile)
      .bind(12, int64_t{ref.line})
      .bind(13, int64_t{ref.dev ? 1 : 0})
      .bind(14, int64_t{ref.optional ? 1 : 0})
      .bind(15, ref.source)
      .bind(16, ref.alias);
  auto row = s.step();
  if (!row) {
    return row.error();
  }
  return *row ? s.integer(0) : int64_t{0};
}

// The findings this scan adds to the analysis (all of them when it has none), and the policy's
// suppressions, which belong to this scan, not to the shared analysis.
Result<void> RiskDb::Impl::store_scan_findings(const PackageResult& result, int64_t scan_package_id,
                                               bool replayed,
                                               std::multimap<std::string, int64_t>* stored) {
  for (const auto& finding : result.findings) {
    if (replayed && !finding.context) {
      continue;  // stored with the analysis
    }
    int64_t id = 0;
    if (auto it = stored->find(finding_key(finding)); it != stored->end()) {
      id = it->second;
      stored->erase(it);
    } else {
      auto written = write_finding(finding, 0, scan_package_id);
      if (!written) {
        return written.error();
      }
      id = *written;
    }
    if (finding.suppressed) {
      auto suppressed =
          db::write_suppression(handle.get(), scan_package_id, id, finding.suppression_reason);
      if (!suppressed) {
        return suppressed;
      }
    }
  }
  return {};
}

Result<void> RiskDb::Impl::record_locked(int64_t scan_id, const PackageResult& result) {
  auto version = version_for_scan(scan_id);
  if (!version) {
    return version.error();
  }
  bool verified = integrity_verified(result);
  auto package_id = store_package(result.ref, verified ? result.integrity : result.ref.integrity);
  if (!package_id) {
    return package_id.error();
  }
  int64_t analysis_id = 0;
  std::multimap<std::string, int64_t> stored;  // finding key -> findings.id
  // A result read back unchanged from its analysis adds only its context findings: matching
  // its findings against the stored ones (for their ids) is needed only when it carries
  // suppressions or other findings than the analysis holds.
  bool replayed =
      result.result_cached && std::none_of(result.findings.begin(), result.findings.end(),
                                           [](const Finding& f) { return f.suppressed; });
  if (verified && result.error.empty()) {
    auto linked = link_analysis(result, *package_id, *version, &analysis_id, &stored, &replayed);
    if (!linked) {
      return linked;
    }
  }
  auto scan_package_id = store_scan_package(scan_id, *package_id, analysis_id, result, verified);
  if (!scan_package_id) {
    return scan_package_id.error();
  }
  return store_scan_findings(result, *scan_package_id, replayed, &stored);
}

RiskDb::RiskDb(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
RiskDb::~RiskDb() = default;

Result<std::unique_ptr<RiskDb>> RiskDb::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  if (path != ":memory:" && !db::is_postgres_target(path)) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) {
      std::filesystem::create_directories(parent, ec);
    }
    if (ec) {
      return make_error(ErrorKind::io,
                        parent.string() + ": cannot create directory: " + ec.message());
    }
  }
  auto backend = db::open_backend(path, db::OpenMode::create);
  if (!backend) {
    return backend.error();
  }
  impl->handle = std::move(*backend);
  auto ready = impl->migrate();
  if (ready) {
    ready = impl->prepare();
  }
  if (!ready) {
    return db::db_error(db::display_target(path) + ": " + ready.error().message());
  }
  return std::unique_ptr<RiskDb>(new RiskDb(std::move(impl)));
}

std::string RiskDb::default_path() {
  if (const char* target = std::getenv("TARSIER_DB"); target != nullptr && *target != '\0') {
    return target;
  }
  // The XDG spec says relative values are invalid and must be ignored.
  const char* xdg = std::getenv("XDG_DATA_HOME");
  std::string base =
      xdg != nullptr && xdg[0] == '/' ? std::string(xdg) : home_dir() + "/.local/share";
  return base + "/tarsier/risk.db";
}

std::string RiskDb::analyzer_version(const std::string& tool_version,
                                     const std::string& ruleset_version) {
  return tool_version + "/" + ruleset_version;
}

const std::string& RiskDb::path() const {
  return m_impl->path;
}

int RiskDb::schema_version() const {
  std::lock_guard lock(m_impl->mutex);
  auto version = m_impl->handle->schema_version();
  return version ? static_cast<int>(*version) : -1;
}

Result<int64_t> RiskDb::begin_scan(const ScanRecord& scan) {
  std::lock_guard lock(m_impl->mutex);
  const std::string host = host_name();
  mark_interrupted_scans(m_impl->running_scans, m_impl->interrupt_scan, host);
  // The scan row and its audit entries are written together.
  int64_t id = 0;
  auto done = db::in_transaction(m_impl->handle.get(), [&]() -> Result<void> {
    auto& s = m_impl->insert_scan;
    ResetOnExit guard{s};
    auto row = s.bind(1, scan.command)
                   .bind(2, json_list(scan.inputs))
                   .bind(3, scan.tool_version)
                   .bind(4, scan.ruleset_version)
                   .bind(5, scan.policy)
                   .bind(6, int64_t{getpid()})
                   .bind(7, host)
                   .bind(8, scan.project)
                   .step();
    if (!row) {
      return row.error();
    }
    id = *row ? s.integer(0) : 0;
    s.reset();
    return db::audit_scan_started(m_impl->handle.get(), id, scan);
  });
  if (!done) {
    return done.error();
  }
  m_impl->scan_versions[id] = analyzer_version(scan.tool_version, scan.ruleset_version);
  m_impl->scan_projects[id] = scan.project;
  return id;
}

// Runs a prepared transaction statement (BEGIN, COMMIT or ROLLBACK) and resets it.
static Result<void> run_reset(Statement& s) {
  auto ran = s.run();
  s.reset();
  return ran;
}

Result<void> RiskDb::record_package(int64_t scan_id, const PackageResult& result) {
  std::lock_guard lock(m_impl->mutex);
  auto begun = run_reset(m_impl->begin);
  if (!begun) {
    return begun;
  }
  auto recorded = m_impl->record_locked(scan_id, result);
  if (!recorded) {
    (void)run_reset(m_impl->rollback);
    return db::db_error("cannot record " + result.ref.id() + ": " + recorded.error().message());
  }
  return run_reset(m_impl->commit);
}

std::vector<std::string> RiskDb::record_packages(int64_t scan_id,
                                                 const std::vector<const PackageResult*>& results) {
  std::vector<std::string> errors(results.size());
  {
    std::lock_guard lock(m_impl->mutex);
    bool batched = static_cast<bool>(run_reset(m_impl->begin));
    for (size_t i = 0; batched && i < results.size(); ++i) {
      batched = static_cast<bool>(m_impl->record_locked(scan_id, *results[i]));
    }
    if (batched && run_reset(m_impl->commit)) {
      return errors;
    }
    (void)run_reset(m_impl->rollback);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    if (auto recorded = record_package(scan_id, *results[i]); !recorded) {
      errors[i] = recorded.error().str();
    }
  }
  return errors;
}

Result<void> RiskDb::finish_scan(int64_t scan_id, const ScanTotals& totals) {
  std::lock_guard lock(m_impl->mutex);
  return db::in_transaction(m_impl->handle.get(), [&]() -> Result<void> {
    auto& s = m_impl->finish_scan;
    ResetOnExit guard{s};
    auto ran = s.bind(1, scan_id)
                   .bind(2, int64_t{totals.packages})
                   .bind(3, int64_t{totals.analyzed})
                   .bind(4, int64_t{totals.failed})
                   .bind(5, int64_t{totals.exit_code})
                   .bind(6, int64_t{totals.suppressed})
                   .run();
    if (!ran) {
      return ran;
    }
    if (s.changes() != 1) {
      return db::db_error("unknown scan id " + std::to_string(scan_id));
    }
    s.reset();
    return db::audit_scan_finished(m_impl->handle.get(), scan_id, m_impl->scan_projects[scan_id],
                                   totals);
  });
}

std::optional<PackageResult> RiskDb::find_cached(const PackageRef& package,
                                                 const std::string& integrity,
                                                 const std::string& analyzer_version) const {
  if (integrity.empty()) {
    return std::nullopt;
  }
  std::lock_guard lock(m_impl->mutex);
  PackageResult result;
  int64_t analysis_id = 0;
  {
    auto& s = m_impl->cached_analysis;
    ResetOnExit guard{s};
    s.bind(1, package.ecosystem)
        .bind(2, package.name)
        .bind(3, package.version)
        .bind(4, integrity)
        .bind(5, analyzer_version);
    auto row = s.step();
    if (!row || !*row) {
      return std::nullopt;
    }
    analysis_id = s.integer(0);
    result.analysis.risk = risk_or_none(s.text(1));
    result.capabilities = parse_json_list(s.text(2));
    result.analysis.threats = parse_json_list(s.text(3));
    result.stats.archive_bytes = static_cast<uint64_t>(s.integer(4));
    result.stats.files = static_cast<uint64_t>(s.integer(5));
    result.stats.unpacked_bytes = static_cast<uint64_t>(s.integer(6));
    result.stats.parsed_files = static_cast<uint64_t>(s.integer(7));
  }
  if (!m_impl->load_findings(analysis_id, &result.findings)) {
    return std::nullopt;
  }
  auto hashes = db::load_file_hashes(m_impl->handle.get(), analysis_id);
  if (!hashes) {
    return std::nullopt;
  }
  result.file_sha256 = std::move(*hashes);
  result.ref = package;
  result.integrity = integrity;
  result.result_cached = true;
  return result;
}

std::optional<std::string> RiskDb::known_integrity(const std::string& ecosystem,
                                                   const std::string& name,
                                                   const std::string& version) const {
  std::lock_guard lock(m_impl->mutex);
  auto& s = m_impl->last_integrity;
  ResetOnExit guard{s};
  s.bind(1, ecosystem).bind(2, name).bind(3, version);
  auto row = s.step();
  if (!row || !*row) {
    return std::nullopt;
  }
  return s.text(0);
}

}  // namespace tarsier
