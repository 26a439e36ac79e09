#include "analyzer/osv/osv_match.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "analyzer/core/capability.h"
#include "analyzer/db/risk_db.h"
#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

namespace {

using nlohmann::json;

// A three-way comparison in one ecosystem's order; nullopt when either side does not parse.
using Order = std::function<std::optional<int>(std::string_view, std::string_view)>;

// An unknown ecosystem has no order: nothing parses, so no range matches.
Order order_of(const std::string& ecosystem) {
  if (const Ecosystem* known = find_ecosystem(ecosystem)) {
    return known->compare_parsed;
  }
  return [](std::string_view, std::string_view) -> std::optional<int> { return std::nullopt; };
}

struct Event {
  std::string kind;  // introduced, fixed, last_affected, limit
  std::string version;
};

// OSV's evaluation: walk the events in version order ("0" first); introduced opens the range,
// fixed and limit close it at their version, last_affected closes it after its version.
bool in_range(const json& events, std::string_view version, const Order& order) {
  std::vector<Event> sorted;
  for (const auto& event : events) {
    for (const auto& [kind, value] : event.items()) {
      if (!value.is_string()) {
        continue;
      }
      std::string v = value;
      bool zero = kind == "introduced" && v == "0";
      if (zero || order(v, v)) {
        sorted.push_back({kind, zero ? "" : v});
      }
    }
  }
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Event& a, const Event& b) {
    if (a.version.empty() || b.version.empty()) {
      return a.version.empty() && !b.version.empty();
    }
    return *order(a.version, b.version) < 0;
  });
  bool affected = false;
  for (const auto& e : sorted) {
    int cmp = e.version.empty() ? 1 : *order(version, e.version);
    if (e.kind == "introduced" && cmp >= 0) {
      affected = true;
    } else if ((e.kind == "fixed" || e.kind == "limit") && cmp >= 0) {
      affected = false;
    } else if (e.kind == "last_affected" && cmp > 0) {
      affected = false;
    }
  }
  return affected;
}

bool same_version(const std::string& ecosystem, std::string_view a, std::string_view b) {
  const Ecosystem* known = find_ecosystem(ecosystem);
  return known != nullptr ? known->same_version(a, b) : a == b;
}

json parse_or_empty(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_array() ? value : json::array();
}

}  // namespace

bool osv_affects(const OsvAffectedRow& affected, std::string_view version) {
  if (affected.all_versions) {
    return true;
  }
  const Order order = order_of(affected.ecosystem);
  for (const auto& v : parse_or_empty(affected.versions)) {
    if (v.is_string() && same_version(affected.ecosystem, v.get<std::string>(), version)) {
      return true;
    }
  }
  if (!order(version, version)) {
    return false;
  }
  for (const auto& range : parse_or_empty(affected.ranges)) {
    if (range.is_object() && range.contains("events") && range["events"].is_array() &&
        in_range(range["events"], version, order)) {
      return true;
    }
  }
  return false;
}

std::vector<Finding> known_malware_findings(const RiskDb& db, const PackageRef& package) {
  std::vector<Finding> out;
  if (package.source != "registry" || package.name.empty() || package.version.empty()) {
    return out;
  }
  std::string name = normalize_package_name(package.ecosystem, package.name);
  std::set<std::string> seen;
  for (const auto& candidate : db.osv_candidates(package.ecosystem, name)) {
    if (seen.count(candidate.id) != 0 || !osv_affects(candidate.affected, package.version)) {
      continue;
    }
    seen.insert(candidate.id);
    Finding f;
    f.rule = "known-malware";
    f.capability = std::string(capability::known_malware);
    f.severity = Risk::critical;
    f.message = candidate.id + ": " +
                (candidate.summary.empty() ? "catalogued as malicious" : candidate.summary) + " (" +
                candidate.link + ")";
    f.snippet = candidate.id;
    f.context = true;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace tarsier
