#include "analyzer/db/watch_store.h"

#include <set>

#include "analyzer/db/statement.h"

namespace tarsier {

using db::Statement;

namespace {

constexpr std::string_view k_now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

constexpr std::string_view k_target_columns =
    "id, ecosystem, name, added_at, etag, last_modified, coalesce(checked_at, ''), "
    "coalesce(ok_at, ''), coalesce(changed_at, ''), failures, coalesce(next_poll_at, ''), "
    "coalesce(last_error, ''), latest";

WatchTarget read_target(const Statement& s) {
  WatchTarget t;
  t.id = s.integer(0);
  t.ecosystem = s.text(1);
  t.name = s.text(2);
  t.added_at = s.text(3);
  t.etag = s.text(4);
  t.last_modified = s.text(5);
  t.checked_at = s.text(6);
  t.ok_at = s.text(7);
  t.changed_at = s.text(8);
  t.failures = static_cast<int>(s.integer(9));
  t.next_poll_at = s.text(10);
  t.last_error = s.text(11);
  t.latest = s.text(12);
  return t;
}

Result<void> run_update(db::Backend* handle, const std::string& sql, int64_t target_id,
                        const std::vector<std::string>& texts) {
  auto s = Statement::prepare(handle, sql);
  if (!s) {
    return s.error();
  }
  int i = 1;
  for (const auto& text : texts) {
    s->bind(i++, text);
  }
  s->bind(i, target_id);
  return s->run();
}

// Runs `sql` once with `binds` (texts or integers, in order).
template <typename... Texts>
Result<void> run_once(db::Backend* handle, const std::string& sql, const Texts&... binds) {
  auto s = Statement::prepare(handle, sql);
  if (!s) {
    return s.error();
  }
  int i = 1;
  (s->bind(i++, binds), ...);
  return s->run();
}

RegistryVersion read_version(const Statement& s) {
  RegistryVersion v;
  v.version = s.text(0);
  v.first_seen = s.text(1);
  v.published_at = s.text(2);
  v.publisher = s.text(3);
  v.maintainers = db::from_json_list(s.text(4));
  v.dependencies = db::from_json_list(s.text(5));
  v.install_script = s.integer(6) != 0;
  if (!s.is_null(7)) {
    v.file_count = s.integer(7);
  }
  if (!s.is_null(8)) {
    v.unpacked_size = s.integer(8);
  }
  v.tarball = s.text(9);
  v.integrity = s.text(10);
  v.state = s.text(11);
  v.error = s.text(12);
  return v;
}

// Every row of `sql` run with `binds`, each read by `read`.
template <typename T, typename... Binds>
Result<std::vector<T>> read_all(db::Backend* handle, const std::string& sql,
                                T (*read)(const Statement&), const Binds&... binds) {
  auto s = Statement::prepare(handle, sql);
  if (!s) {
    return s.error();
  }
  int i = 1;
  (s->bind(i++, binds), ...);
  std::vector<T> out;
  auto done = s->each([&](const Statement& row) { out.push_back(read(row)); });
  if (!done) {
    return done.error();
  }
  return out;
}

WatchLock read_lock(const Statement& s) {
  return {s.text(0), s.text(1), s.text(2), s.text(3)};
}

AnalysedVersion read_analysed(const Statement& s) {
  AnalysedVersion v;
  v.version = s.text(0);
  v.risk = parse_risk(s.text(1)).value_or(Risk::none);
  v.capabilities = db::from_json_list(s.text(2));
  v.threats = db::from_json_list(s.text(3));
  v.files = s.integer(4);
  v.unpacked_bytes = s.integer(5);
  return v;
}

}  // namespace

WatchStore::WatchStore(std::unique_ptr<db::Connection> connection) : m_db(std::move(connection)) {}

Result<std::unique_ptr<WatchStore>> WatchStore::open(const std::string& path) {
  auto connection = db::Connection::open(path);
  if (!connection) {
    return connection.error();
  }
  return std::unique_ptr<WatchStore>(new WatchStore(std::move(*connection)));
}

Result<WatchTarget> WatchStore::ensure_target(const std::string& ecosystem,
                                              const std::string& name) {
  auto inserted = run_once(m_db->handle(),
                           "INSERT INTO watch_targets (ecosystem, name, added_at) VALUES (?, ?, " +
                               std::string(k_now) + ") ON CONFLICT DO NOTHING",
                           ecosystem, name);
  if (!inserted) {
    return inserted.error();
  }
  auto found = read_all(m_db->handle(),
                        "SELECT " + std::string(k_target_columns) +
                            " FROM watch_targets WHERE ecosystem = ? AND name = ?",
                        read_target, ecosystem, name);
  if (!found) {
    return found.error();
  }
  if (found->empty()) {
    return db::db_error("no watch target " + ecosystem + ":" + name);
  }
  return found->front();
}

Result<std::vector<WatchTarget>> WatchStore::targets() const {
  return read_all(
      m_db->handle(),
      "SELECT " + std::string(k_target_columns) + " FROM watch_targets ORDER BY ecosystem, name",
      read_target);
}

Result<void> WatchStore::set_locks(int64_t target_id, const std::string& lockfile,
                                   const std::vector<WatchLock>& locks) {
  db::Backend* db = m_db->handle();
  return db::in_transaction(db, [&]() -> Result<void> {
    auto drop =
        Statement::prepare(db, "DELETE FROM watch_locks WHERE target_id = ? AND lockfile = ?");
    if (!drop) {
      return drop.error();
    }
    auto dropped = drop->bind(1, target_id).bind(2, lockfile).run();
    if (!dropped) {
      return dropped;
    }
    auto insert = Statement::prepare(
        db,
        "INSERT INTO watch_locks (target_id, lockfile, version, range, fresh_pick, "
        "updated_at) VALUES (?, ?, ?, ?, ?, " +
            std::string(k_now) +
            ") ON CONFLICT (target_id, lockfile, version) DO UPDATE SET "
            "range = excluded.range, fresh_pick = excluded.fresh_pick, "
            "updated_at = excluded.updated_at");
    if (!insert) {
      return insert.error();
    }
    for (const auto& lock : locks) {
      auto ran = insert->bind(1, target_id)
                     .bind(2, lockfile)
                     .bind(3, lock.version)
                     .bind(4, lock.range)
                     .bind(5, lock.fresh_pick)
                     .run();
      insert->reset();
      if (!ran) {
        return ran;
      }
    }
    return {};
  });
}

Result<std::vector<WatchLock>> WatchStore::locks(int64_t target_id) const {
  return read_all(m_db->handle(),
                  "SELECT lockfile, version, range, fresh_pick FROM watch_locks WHERE target_id = "
                  "? ORDER BY lockfile, version",
                  read_lock, target_id);
}

Result<void> WatchStore::record_failure(int64_t target_id, const std::string& error_text,
                                        const std::string& next_poll_at) {
  return run_update(m_db->handle(),
                    "UPDATE watch_targets SET checked_at = " + std::string(k_now) +
                        ", failures = failures + 1, last_error = ?, next_poll_at = ? WHERE id = ?",
                    target_id, {error_text, next_poll_at});
}

Result<void> WatchStore::record_unchanged(int64_t target_id, const std::string& next_poll_at) {
  std::string now(k_now);
  return run_update(m_db->handle(),
                    "UPDATE watch_targets SET checked_at = " + now + ", ok_at = " + now +
                        ", failures = 0, last_error = NULL, next_poll_at = ? WHERE id = ?",
                    target_id, {next_poll_at});
}

Result<void> WatchStore::insert_version(int64_t target_id, const RegistryVersion& v,
                                        const std::string& state) {
  auto s = Statement::prepare(
      m_db->handle(),
      "INSERT INTO registry_versions (target_id, version, first_seen, published_at, publisher, "
      "maintainers, dependencies, install_script, file_count, unpacked_size, tarball, integrity, "
      "state) VALUES (?, ?, " +
          std::string(k_now) + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) {
    return s.error();
  }
  s->bind(1, target_id).bind(2, v.version).bind(3, v.published_at).bind(4, v.publisher);
  s->bind(5, db::to_json_list(v.maintainers)).bind(6, db::to_json_list(v.dependencies));
  s->bind(7, static_cast<int64_t>(v.install_script ? 1 : 0));
  v.file_count ? s->bind(8, *v.file_count) : s->bind_null(8);
  v.unpacked_size ? s->bind(9, *v.unpacked_size) : s->bind_null(9);
  s->bind(10, v.tarball).bind(11, v.integrity).bind(12, state);
  return s->run();
}

Result<std::vector<std::string>> WatchStore::record_document(
    const WatchTarget& target, const std::string& etag, const std::string& last_modified,
    const std::string& latest, const std::vector<RegistryVersion>& versions,
    const std::string& next_poll_at) {
  std::set<std::string> known;
  if (auto listed = this->versions(target.id)) {
    for (const auto& v : *listed) {
      known.insert(v.version);
    }
  }
  // The first answer lists what existed before the watch: history, not news.
  const std::string state = target.ok_at.empty() && known.empty() ? "history" : "pending";
  std::vector<std::string> added;
  auto done = db::in_transaction(m_db->handle(), [&]() -> Result<void> {
    for (const auto& v : versions) {
      if (known.count(v.version) != 0) {
        continue;
      }
      auto inserted = insert_version(target.id, v, state);
      if (!inserted) {
        return inserted;
      }
      if (state == "pending") {
        added.push_back(v.version);
      }
    }
    std::string now(k_now);
    return run_update(m_db->handle(),
                      "UPDATE watch_targets SET checked_at = " + now + ", ok_at = " + now +
                          ", changed_at = " + now +
                          ", failures = 0, last_error = NULL, etag = ?, last_modified = ?, "
                          "latest = ?, next_poll_at = ? WHERE id = ?",
                      target.id, {etag, last_modified, latest, next_poll_at});
  });
  if (!done) {
    return done.error();
  }
  return added;
}

Result<std::vector<RegistryVersion>> WatchStore::versions(int64_t target_id) const {
  return read_all(m_db->handle(),
                  "SELECT version, first_seen, published_at, publisher, maintainers, "
                  "dependencies, install_script, file_count, unpacked_size, tarball, integrity, "
                  "state, coalesce(error, '') FROM registry_versions WHERE target_id = ? ORDER BY "
                  "first_seen",
                  read_version, target_id);
}

Result<void> WatchStore::finish_version(int64_t target_id, const std::string& version) {
  return run_once(m_db->handle(),
                  "UPDATE registry_versions SET state = 'done', error = NULL "
                  "WHERE target_id = ? AND version = ?",
                  target_id, version);
}

Result<void> WatchStore::note_version_error(int64_t target_id, const std::string& version,
                                            const std::string& error_text) {
  return run_once(m_db->handle(),
                  "UPDATE registry_versions SET error = ? WHERE target_id = ? AND version = ?",
                  error_text, target_id, version);
}

Result<std::vector<AnalysedVersion>> WatchStore::analysed_versions(
    const std::string& ecosystem, const std::string& name,
    const std::string& analyzer_version) const {
  return read_all(m_db->handle(),
                  "SELECT p.version, a.risk, a.capabilities, a.threats, a.files, a.unpacked_bytes "
                  "FROM analyses a JOIN packages p ON p.id = a.package_id "
                  "WHERE p.ecosystem = ? AND p.name = ? AND a.analyzer_version = ? "
                  "ORDER BY a.analyzed_at",
                  read_analysed, ecosystem, name, analyzer_version);
}

}  // namespace tarsier
