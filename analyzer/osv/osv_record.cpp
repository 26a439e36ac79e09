#include "analyzer/osv/osv_record.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/util/json_text.h"
#include "parsers/common/json_document.h"

namespace tarsier {

namespace {

using nlohmann::json;

// A problem found in a parsed record: the member it is about and what was expected.
struct Problem {
  std::vector<std::string> path;
  std::string message;
};

bool is_event_kind(const std::string& key) {
  return key == "introduced" || key == "fixed" || key == "last_affected" || key == "limit";
}

// One range's events, checked: each an object with one string event.
std::optional<Problem> check_events(const json& events, std::vector<std::string> path) {
  path.push_back("events");
  if (!events.is_array() || events.empty()) {
    return Problem{path, "expected \"events\", a non-empty array"};
  }
  for (size_t e = 0; e < events.size(); ++e) {
    const json& event = events[e];
    int kinds = 0;
    if (event.is_object()) {
      for (const auto& [key, value] : event.items()) {
        kinds += is_event_kind(key) && value.is_string() ? 1 : 0;
      }
    }
    if (kinds != 1) {
      auto at = path;
      at.push_back(std::to_string(e));
      return Problem{at,
                     "expected an event with one of \"introduced\", \"fixed\", "
                     "\"last_affected\" or \"limit\" (a version string)"};
    }
  }
  return std::nullopt;
}

// True when a range takes in every version: introduced "0" and nothing that ends it.
bool covers_everything(const json& events) {
  bool from_zero = false;
  for (const auto& event : events) {
    for (const auto& [key, value] : event.items()) {
      if (key == "introduced" && value == "0") {
        from_zero = true;
      } else if (key != "introduced" && is_event_kind(key)) {
        return false;
      }
    }
  }
  return from_zero;
}

// The ranges tarsier can evaluate (SEMVER, ECOSYSTEM) as a JSON array; GIT ranges are dropped.
std::optional<Problem> read_ranges(const json& affected, std::vector<std::string> path,
                                   OsvAffectedRow* row, bool* had_git) {
  json kept = json::array();
  if (affected.contains("ranges")) {
    path.push_back("ranges");
    const json& ranges = affected["ranges"];
    if (!ranges.is_array()) {
      return Problem{path, "expected \"ranges\", an array"};
    }
    for (size_t r = 0; r < ranges.size(); ++r) {
      auto at = path;
      at.push_back(std::to_string(r));
      const json& range = ranges[r];
      if (!range.is_object() || !range.contains("type") || !range["type"].is_string()) {
        return Problem{at, "expected a range with a string \"type\" (SEMVER, ECOSYSTEM or GIT)"};
      }
      if (auto problem = check_events(range.value("events", json()), at)) {
        return problem;
      }
      const std::string type = range["type"];
      if (type == "GIT") {
        *had_git = true;
        continue;
      }
      row->all_versions = row->all_versions || covers_everything(range["events"]);
      kept.push_back({{"type", type}, {"events", range["events"]}});
    }
    path.pop_back();
  }
  row->ranges = kept.dump();
  return std::nullopt;
}

std::optional<Problem> read_versions(const json& affected, std::vector<std::string> path,
                                     OsvAffectedRow* row) {
  json versions = json::array();
  if (affected.contains("versions")) {
    path.push_back("versions");
    const json& list = affected["versions"];
    if (!list.is_array()) {
      return Problem{path, "expected \"versions\", an array of version strings"};
    }
    for (const auto& v : list) {
      if (!v.is_string()) {
        return Problem{path, "expected \"versions\", an array of version strings"};
      }
      versions.push_back(v);
    }
  }
  row->versions = versions.dump();
  return std::nullopt;
}

// One element of "affected"; `row` stays unset for ecosystems tarsier does not scan.
std::optional<Problem> read_affected(const json& affected, const std::vector<std::string>& path,
                                     std::optional<OsvAffectedRow>* row) {
  const json* package =
      affected.is_object() && affected.contains("package") ? &affected["package"] : nullptr;
  if (package == nullptr || !package->is_object() || !package->contains("ecosystem") ||
      !(*package)["ecosystem"].is_string() || !package->contains("name") ||
      !(*package)["name"].is_string() || (*package)["name"].get<std::string>().empty()) {
    return Problem{path, "expected \"package\" with string \"ecosystem\" and \"name\""};
  }
  std::string ecosystem = osv_ecosystem((*package)["ecosystem"].get<std::string>());
  if (ecosystem.empty()) {
    return std::nullopt;
  }
  OsvAffectedRow out;
  out.ecosystem = ecosystem;
  out.name = (*package)["name"].get<std::string>();
  out.name = normalize_package_name(ecosystem, out.name);
  bool had_git = false;
  if (auto problem = read_versions(affected, path, &out)) {
    return problem;
  }
  if (auto problem = read_ranges(affected, path, &out, &had_git)) {
    return problem;
  }
  // OSV: an affected package without versions or ranges is affected in every version.
  if (!had_git && out.versions == "[]" && out.ranges == "[]") {
    out.all_versions = true;
  }
  *row = std::move(out);
  return std::nullopt;
}

std::optional<Problem> required_string(const json& root, const char* key, std::string* out) {
  if (!root.contains(key) || !root[key].is_string() || root[key].get<std::string>().empty()) {
    return Problem{{key}, std::string("expected \"") + key + "\", a non-empty string"};
  }
  *out = root[key];
  return std::nullopt;
}

std::optional<Problem> optional_string(const json& root, const char* key, std::string* out) {
  if (!root.contains(key) || root[key].is_null()) {
    return std::nullopt;
  }
  if (!root[key].is_string()) {
    return Problem{{key}, std::string("expected \"") + key + "\" to be a string"};
  }
  *out = root[key];
  return std::nullopt;
}

std::optional<Problem> read_record(const json& root, OsvRecordRow* row) {
  if (!root.is_object()) {
    return Problem{{}, "expected an OSV record (a JSON object)"};
  }
  std::string details;
  for (auto problem :
       {required_string(root, "id", &row->id), required_string(root, "modified", &row->modified),
        optional_string(root, "published", &row->published),
        optional_string(root, "withdrawn", &row->withdrawn),
        optional_string(root, "summary", &row->summary),
        optional_string(root, "details", &details)}) {
    if (problem) {
      return problem;
    }
  }
  row->summary = osv_summary(row->summary, details);
  row->link = "https://osv.dev/vulnerability/" + row->id;
  if (!root.contains("affected")) {
    return std::nullopt;
  }
  if (!root["affected"].is_array()) {
    return Problem{{"affected"}, "expected \"affected\", an array"};
  }
  for (size_t i = 0; i < root["affected"].size(); ++i) {
    std::optional<OsvAffectedRow> affected;
    if (auto problem =
            read_affected(root["affected"][i], {"affected", std::to_string(i)}, &affected)) {
      return problem;
    }
    if (affected) {
      row->affected.push_back(std::move(*affected));
    }
  }
  return std::nullopt;
}

// Where a problem's member starts in the text: the deepest key of its path that is known.
void locate(std::string_view text, const std::vector<std::string>& path, Diagnostic* out) {
  JsonKeyPositions keys;
  keys.build(text, path.size() + 1);
  for (size_t n = path.size(); n > 0; --n) {
    size_t offset = keys.offset(std::vector<std::string>(path.begin(), path.begin() + n));
    if (offset != k_no_offset) {
      offset_to_line_col(text, offset, &out->line, &out->column);
      return;
    }
  }
  offset_to_line_col(text, 0, &out->line, &out->column);
}

}  // namespace

std::string osv_ecosystem(std::string_view osv_name) {
  const Ecosystem* ecosystem = find_ecosystem_by_osv_name(osv_name);
  return ecosystem != nullptr ? std::string(ecosystem->id) : "";
}

std::string osv_summary(std::string_view summary, std::string_view details) {
  std::string_view text = summary.empty() ? details.substr(0, details.find('\n')) : summary;
  constexpr size_t k_max = 300;
  std::string out(text.substr(0, k_max));
  if (text.size() > k_max) {
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
      out.pop_back();
    }
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80) != 0) {
      out.pop_back();
    }
    out += "...";
  }
  return out;
}

std::optional<OsvRecordRow> parse_osv_record(std::string_view text, const std::string& file,
                                             Diagnostic* error) {
  error->path = file;
  json root;
  JsonTextError problem;
  if (!parse_json_text(text, &root, &problem)) {
    // parse_json_text reports a number overflow or a nesting bound as well as a syntax error.
    offset_to_line_col(text, problem.offset, &error->line, &error->column);
    error->message = "expected a JSON document (an OSV record): " + problem.message;
    return std::nullopt;
  }
  OsvRecordRow row;
  row.file = file;
  if (auto problem = read_record(root, &row)) {
    locate(text, problem->path, error);
    error->message = problem->message;
    return std::nullopt;
  }
  return row;
}

}  // namespace tarsier
