// The text and JSON forms of a package history (analyzer/db/history.h).
#include <nlohmann/json.hpp>

#include "analyzer/db/history.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

std::string pad(std::string text, size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text + " ";
}

std::string changes_text(const HistoryVersion& v) {
  std::string out;
  for (const auto& c : v.capabilities_gained) {
    out += (out.empty() ? "" : " ") + ("+" + c);
  }
  for (const auto& c : v.capabilities_lost) {
    out += (out.empty() ? "" : " ") + ("-" + c);
  }
  for (const auto& t : v.threats_gained) {
    out += (out.empty() ? "" : " ") + ("+threat:" + t);
  }
  for (const auto& t : v.threats_lost) {
    out += (out.empty() ? "" : " ") + ("-threat:" + t);
  }
  return out;
}

}  // namespace

void write_history_text(const PackageHistory& history, std::ostream& out) {
  out << history.ecosystem << ":" << history.name << ": " << history.versions.size()
      << (history.versions.size() == 1 ? " version" : " versions") << " in " << history.database
      << "\n\n";
  size_t width = 7;
  for (const auto& v : history.versions) {
    width = std::max(width, v.version.size());
  }
  out << pad("VERSION", width) << pad("RISK", 8) << pad("FIRST SEEN", 10) << "CHANGES\n";
  for (const auto& v : history.versions) {
    std::string changes = changes_text(v);
    if (v.risk_before && *v.risk_before != v.risk) {
      changes += std::string(changes.empty() ? "" : " ") + "risk " +
                 std::string(to_string(*v.risk_before)) + "->" + std::string(to_string(v.risk));
    }
    out << pad(v.version, width) << pad(std::string(to_string(v.risk)), 8)
        << pad(v.first_seen.substr(0, 10), 10) << (changes.empty() ? "-" : changes) << "\n";
    if (!v.capabilities.empty()) {
      out << pad("", width) << "capabilities: " << join(v.capabilities) << "\n";
    }
    if (!v.threats.empty()) {
      out << pad("", width) << "threats: " << join(v.threats) << "\n";
    }
    if (v.integrities.size() > 1) {
      out << pad("", width) << "REPUBLISHED: " << v.integrities.size()
          << " different archives were recorded for this version\n";
    }
    if (!v.analyzed) {
      out << pad("", width) << "never analysed: " << v.error << "\n";
    }
  }
}

void write_history_json(const PackageHistory& history, const std::string& tool_version,
                        std::ostream& out) {
  ordered_json versions = ordered_json::array();
  for (const auto& v : history.versions) {
    ordered_json changes{
        {"previous", v.previous ? ordered_json(*v.previous) : ordered_json(nullptr)},
        {"risk_before",
         v.risk_before ? ordered_json(std::string(to_string(*v.risk_before))) : ordered_json()},
        {"capabilities_gained", v.capabilities_gained},
        {"capabilities_lost", v.capabilities_lost},
        {"threats_gained", v.threats_gained},
        {"threats_lost", v.threats_lost}};
    versions.push_back(
        ordered_json{{"version", v.version},
                     {"first_seen", v.first_seen},
                     {"last_seen", v.last_seen},
                     {"scans", v.scans},
                     {"integrities", v.integrities},
                     {"republished", v.integrities.size() > 1},
                     {"analyzed", v.analyzed},
                     {"error", v.analyzed ? ordered_json(nullptr) : ordered_json(v.error)},
                     {"risk", to_string(v.risk)},
                     {"capabilities", v.capabilities},
                     {"threats", v.threats},
                     {"changes", std::move(changes)}});
  }
  ordered_json document{{"schema_version", 1},
                        {"tool", {{"name", "tarsier"}, {"version", tool_version}}},
                        {"ecosystem", history.ecosystem},
                        {"name", history.name},
                        {"versions", std::move(versions)}};
  out << ordered_json_text(document, 2) << "\n";
}

}  // namespace tarsier
