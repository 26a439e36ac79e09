// The known-malware intelligence tables of the risk database (migration 3).
#include <mutex>

#include "analyzer/db/risk_db.h"
#include "analyzer/db/risk_db_impl.h"
#include "analyzer/db/statement.h"

namespace tarsier {

using db::Statement;

namespace {

bool write_record(Statement& remove, Statement& insert, Statement& affected, const OsvRecordRow& r,
                  std::string* error) {
  remove.reset();
  remove.bind(1, r.source).bind(2, r.id);
  if (!remove.run(error)) {
    return false;
  }
  insert.reset();
  insert.bind(1, r.source).bind(2, r.id).bind(3, r.modified).bind(4, r.published);
  insert.bind(5, r.withdrawn).bind(6, r.summary).bind(7, r.link).bind(8, r.file);
  if (!insert.run(error)) {
    return false;
  }
  for (const auto& a : r.affected) {
    affected.reset();
    affected.bind(1, r.source).bind(2, r.id).bind(3, a.ecosystem).bind(4, a.name);
    affected.bind(5, a.versions).bind(6, a.ranges).bind(7, int64_t{a.all_versions ? 1 : 0});
    if (!affected.run(error)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::map<std::string, OsvRecordState> RiskDb::osv_record_states(const std::string& source,
                                                                std::string* error) const {
  std::lock_guard lock(m_impl->mutex);
  std::map<std::string, OsvRecordState> states;
  Statement s(m_impl->handle.get(),
              "SELECT id, modified, withdrawn FROM osv_records WHERE source = ?1", error);
  if (!s.valid()) {
    return states;
  }
  s.bind(1, source);
  while (s.step(error)) {
    states[s.text(0)] = OsvRecordState{s.text(1), s.text(2)};
  }
  return states;
}

bool RiskDb::put_osv_records(const std::vector<OsvRecordRow>& records, std::string* error) {
  std::lock_guard lock(m_impl->mutex);
  db::Backend* handle = m_impl->handle.get();
  Statement remove(handle, "DELETE FROM osv_records WHERE source = ?1 AND id = ?2", error);
  Statement insert(handle,
                   "INSERT INTO osv_records (source, id, modified, published, withdrawn, summary, "
                   "link, file, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " +
                       std::string(k_sql_now) + ")",
                   error);
  Statement affected(handle,
                     "INSERT INTO osv_affected (source, record_id, ecosystem, name, versions, "
                     "ranges, all_versions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                     error);
  if (!remove.valid() || !insert.valid() || !affected.valid() || !handle->begin(error)) {
    return false;
  }
  for (const auto& record : records) {
    if (!write_record(remove, insert, affected, record, error)) {
      handle->rollback();
      *error = record.file + ": " + *error;
      return false;
    }
  }
  return handle->commit(error);
}

std::vector<OsvCandidate> RiskDb::osv_candidates(const std::string& ecosystem,
                                                 const std::string& name) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<OsvCandidate> out;
  std::string error;
  Statement s(m_impl->handle.get(),
              "SELECT r.source, r.id, r.summary, r.link, r.modified, a.versions, a.ranges, "
              "a.all_versions FROM osv_affected a JOIN osv_records r ON r.source = a.source AND "
              "r.id = a.record_id WHERE a.ecosystem = ?1 AND a.name = ?2 AND r.withdrawn = '' "
              "ORDER BY r.id, r.source",
              &error);
  if (!s.valid()) {
    return out;
  }
  s.bind(1, ecosystem).bind(2, name);
  while (s.step(&error)) {
    OsvCandidate c{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), {}};
    c.affected = OsvAffectedRow{ecosystem, name, s.text(5), s.text(6), s.integer(7) != 0};
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<OsvSourceStatus> RiskDb::osv_sources(std::string* error) const {
  std::lock_guard lock(m_impl->mutex);
  std::vector<OsvSourceStatus> out;
  Statement s(m_impl->handle.get(),
              "SELECT r.source, count(*), sum(r.withdrawn <> ''), "
              "(SELECT count(*) FROM osv_affected a JOIN osv_records x ON x.source = a.source "
              "AND x.id = a.record_id WHERE a.source = r.source AND x.withdrawn = ''), "
              "(SELECT id FROM osv_records n WHERE n.source = r.source ORDER BY n.modified DESC, "
              "n.id LIMIT 1), max(r.modified), max(r.imported_at) "
              "FROM osv_records r GROUP BY r.source ORDER BY r.source",
              error);
  if (!s.valid()) {
    return out;
  }
  while (s.step(error)) {
    out.push_back(OsvSourceStatus{s.text(0), s.integer(1), s.integer(2), s.integer(3), s.text(4),
                                  s.text(5), s.text(6)});
  }
  return out;
}

}  // namespace tarsier
