// The known-malware intelligence tables of the risk database (migration 3).
#include <mutex>

#include "analyzer/db/risk_db.h"
#include "analyzer/db/risk_db_impl.h"
#include "analyzer/db/statement.h"

namespace tarsier {

using db::Statement;

namespace {

Result<void> write_record(Statement& remove, Statement& insert, Statement& affected,
                          const OsvRecordRow& r) {
  remove.reset();
  auto removed = remove.bind(1, r.source).bind(2, r.id).run();
  if (!removed) {
    return removed;
  }
  insert.reset();
  insert.bind(1, r.source).bind(2, r.id).bind(3, r.modified).bind(4, r.published);
  insert.bind(5, r.withdrawn).bind(6, r.summary).bind(7, r.link).bind(8, r.file);
  auto inserted = insert.run();
  if (!inserted) {
    return inserted;
  }
  for (const auto& a : r.affected) {
    affected.reset();
    affected.bind(1, r.source).bind(2, r.id).bind(3, a.ecosystem).bind(4, a.name);
    affected.bind(5, a.versions).bind(6, a.ranges).bind(7, int64_t{a.all_versions ? 1 : 0});
    auto added = affected.run();
    if (!added) {
      return added;
    }
  }
  return {};
}

}  // namespace

Result<std::map<std::string, OsvRecordState>> RiskDb::osv_record_states(
    const std::string& source) const {
  std::lock_guard lock(m_impl->mutex);
  auto s = Statement::prepare(m_impl->handle.get(),
                              "SELECT id, modified, withdrawn FROM osv_records WHERE source = ?1");
  if (!s) {
    return s.error();
  }
  std::map<std::string, OsvRecordState> states;
  auto read = s->bind(1, source).each([&](const Statement& row) {
    states[row.text(0)] = OsvRecordState{row.text(1), row.text(2)};
  });
  if (!read) {
    return read.error();
  }
  return states;
}

Result<void> RiskDb::put_osv_records(const std::vector<OsvRecordRow>& records) {
  std::lock_guard lock(m_impl->mutex);
  db::Backend* handle = m_impl->handle.get();
  auto remove = Statement::prepare(handle, "DELETE FROM osv_records WHERE source = ?1 AND id = ?2");
  if (!remove) {
    return remove.error();
  }
  auto insert = Statement::prepare(
      handle,
      "INSERT INTO osv_records (source, id, modified, published, withdrawn, summary, link, file, "
      "imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " +
          std::string(k_sql_now) + ")");
  if (!insert) {
    return insert.error();
  }
  auto affected = Statement::prepare(handle,
                                     "INSERT INTO osv_affected (source, record_id, ecosystem, "
                                     "name, versions, ranges, all_versions) VALUES (?1, ?2, ?3, "
                                     "?4, ?5, ?6, ?7)");
  if (!affected) {
    return affected.error();
  }
  return db::in_transaction(handle, [&]() -> Result<void> {
    for (const auto& record : records) {
      auto written = write_record(*remove, *insert, *affected, record);
      if (!written) {
        return db::db_error(record.file + ": " + written.error().message());
      }
    }
    return {};
  });
}

std::vector<OsvCandidate> RiskDb::osv_candidates(const std::string& ecosystem,
                                                 const std::string& name) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<OsvCandidate> out;
  auto prepared = Statement::prepare(
      m_impl->handle.get(),
      "SELECT r.source, r.id, r.summary, r.link, r.modified, a.versions, a.ranges, "
      "a.all_versions FROM osv_affected a JOIN osv_records r ON r.source = a.source AND "
      "r.id = a.record_id WHERE a.ecosystem = ?1 AND a.name = ?2 AND r.withdrawn = '' "
      "ORDER BY r.id, r.source");
  if (!prepared) {
    return out;
  }
  // A failed read gives the candidates read so far, as a missing table gives none.
  (void)prepared->bind(1, ecosystem).bind(2, name).each([&](const Statement& s) {
    OsvCandidate c{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), {}};
    c.affected = OsvAffectedRow{ecosystem, name, s.text(5), s.text(6), s.integer(7) != 0};
    out.push_back(std::move(c));
  });
  return out;
}

Result<std::vector<OsvSourceStatus>> RiskDb::osv_sources() const {
  std::lock_guard lock(m_impl->mutex);
  auto s = Statement::prepare(
      m_impl->handle.get(),
      "SELECT r.source, count(*), sum(r.withdrawn <> ''), "
      "(SELECT count(*) FROM osv_affected a JOIN osv_records x ON x.source = a.source "
      "AND x.id = a.record_id WHERE a.source = r.source AND x.withdrawn = ''), "
      "(SELECT id FROM osv_records n WHERE n.source = r.source ORDER BY n.modified DESC, "
      "n.id LIMIT 1), max(r.modified), max(r.imported_at) "
      "FROM osv_records r GROUP BY r.source ORDER BY r.source");
  if (!s) {
    return s.error();
  }
  std::vector<OsvSourceStatus> out;
  auto read = s->each([&](const Statement& row) {
    out.push_back(OsvSourceStatus{row.text(0), row.integer(1), row.integer(2), row.integer(3),
                                  row.text(4), row.text(5), row.text(6)});
  });
  if (!read) {
    return read.error();
  }
  return out;
}

}  // namespace tarsier
