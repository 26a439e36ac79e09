#include "analyzer/db/history.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "analyzer/db/connection.h"
#include "analyzer/db/statement.h"
#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

namespace {

std::vector<std::string> json_strings(const std::string& text) {
  std::vector<std::string> out;
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_array()) {
    for (const auto& item : value) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Items of `a` that are not in `b`; both sorted.
std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

Result<PackageHistory> load_history(const std::string& db_path, const std::string& ecosystem,
                                    const std::string& name) {
  auto db = db::Connection::open(db_path, db::OpenMode::read_only);
  if (!db) {
    return db.error();
  }
  PackageHistory history;
  history.ecosystem = ecosystem;
  history.name = normalize_package_name(ecosystem, name);
  history.database = db::display_target(db_path);
  // Scan rows in the order they were written, so "latest" is simply the last one seen.
  auto prepared = db::Statement::prepare(
      (*db)->handle(),
      "SELECT p.version, p.integrity, p.first_seen, sp.recorded_at, sp.risk, "
      "sp.capabilities, sp.threats, sp.error, sp.integrity_verified "
      "FROM packages p JOIN scan_packages sp ON sp.package_id = p.id "
      "WHERE p.ecosystem = ?1 AND (p.name = ?2 OR (?3 = 1 AND "
      "lower(replace(replace(p.name, '_', '-'), '.', '-')) = ?2)) ORDER BY sp.id");
  if (!prepared) {
    return db::db_error(db_path + ": " + prepared.error().message());
  }
  db::Statement& rows = *prepared;
  const Ecosystem* known = find_ecosystem(ecosystem);
  bool normalised = known != nullptr && known->names_normalised;
  rows.bind(1, ecosystem).bind(2, history.name).bind(3, int64_t{normalised ? 1 : 0});
  std::map<std::string, size_t> index;
  Result<bool> row = rows.step();
  for (; row.ok() && *row; row = rows.step()) {
    std::string version = rows.text(0);
    auto [it, added] = index.emplace(version, history.versions.size());
    if (added) {
      history.versions.emplace_back();
      history.versions.back().version = version;
    }
    HistoryVersion& v = history.versions[it->second];
    std::string first_seen = rows.text(2);
    if (v.first_seen.empty() || first_seen < v.first_seen) {
      v.first_seen = first_seen;
    }
    v.last_seen = std::max(v.last_seen, rows.text(3));
    ++v.scans;
    std::string integrity = rows.text(1);
    if (rows.integer(8) != 0 && !integrity.empty() &&
        std::find(v.integrities.begin(), v.integrities.end(), integrity) == v.integrities.end()) {
      v.integrities.push_back(integrity);
    }
    bool ok = rows.is_null(7);
    if (ok || !v.analyzed) {
      v.risk = parse_risk(rows.text(4)).value_or(Risk::none);
      v.capabilities = json_strings(rows.text(5));
      v.threats = json_strings(rows.text(6));
      v.error = ok ? "" : rows.text(7);
      v.analyzed = v.analyzed || ok;
    }
  }
  if (!row) {
    return db::db_error(db_path + ": " + row.error().message());
  }
  // Versions first seen earlier come first until a version order is applied.
  std::stable_sort(
      history.versions.begin(), history.versions.end(),
      [](const HistoryVersion& a, const HistoryVersion& b) { return a.first_seen < b.first_seen; });
  return history;
}

void order_history(PackageHistory* history,
                   const std::function<int(std::string_view, std::string_view)>& compare) {
  auto& versions = history->versions;
  std::stable_sort(versions.begin(), versions.end(),
                   [&](const HistoryVersion& a, const HistoryVersion& b) {
                     return compare(a.version, b.version) < 0;
                   });
  for (size_t i = 0; i < versions.size(); ++i) {
    HistoryVersion& v = versions[i];
    v.capabilities_gained.clear();
    v.capabilities_lost.clear();
    v.threats_gained.clear();
    v.threats_lost.clear();
    if (i == 0) {
      v.previous.reset();
      v.risk_before.reset();
      v.capabilities_gained = v.capabilities;
      v.threats_gained = v.threats;
      continue;
    }
    const HistoryVersion& before = versions[i - 1];
    v.previous = before.version;
    v.risk_before = before.risk;
    v.capabilities_gained = minus(v.capabilities, before.capabilities);
    v.capabilities_lost = minus(before.capabilities, v.capabilities);
    v.threats_gained = minus(v.threats, before.threats);
    v.threats_lost = minus(before.threats, v.threats);
  }
}

}  // namespace tarsier
