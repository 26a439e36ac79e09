#include "analyzer/monitor/packument.h"

#include <nlohmann/json.hpp>

#include "analyzer/core/diagnostic.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_fields.h"

namespace tarsier {

namespace {

using nlohmann::json;

std::optional<int64_t> number_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::vector<std::string> keys_of(const json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it != object.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      out.push_back(name);
    }
  }
  return out;
}

std::vector<std::string> people(const json& entry) {
  std::vector<std::string> out;
  auto it = entry.find("maintainers");
  if (it != entry.end() && it->is_array()) {
    for (const auto& person : *it) {
      std::string name =
          person.is_string() ? person.get<std::string>() : json_string_at(person, "name");
      if (!name.empty()) {
        out.push_back(name);
      }
    }
  }
  return out;
}

bool has_install_script(const json& entry) {
  auto it = entry.find("scripts");
  if (it == entry.end() || !it->is_object()) {
    return false;
  }
  for (const char* hook : {"preinstall", "install", "postinstall"}) {
    if (!json_string_at(*it, hook).empty()) {
      return true;
    }
  }
  return false;
}

RegistryVersion read_version(const std::string& version, const json& entry, const json& times) {
  RegistryVersion v;
  v.version = version;
  v.published_at = json_string_at(times, version.c_str());
  v.publisher = entry.contains("_npmUser") ? json_string_at(entry["_npmUser"], "name") : "";
  v.maintainers = people(entry);
  v.dependencies = keys_of(entry, "dependencies");
  v.install_script = has_install_script(entry);
  if (auto dist = entry.find("dist"); dist != entry.end() && dist->is_object()) {
    v.file_count = number_at(*dist, "fileCount");
    v.unpacked_size = number_at(*dist, "unpackedSize");
    v.tarball = json_string_at(*dist, "tarball");
    v.integrity = normalize_integrity(json_string_at(*dist, "integrity"));
    std::string shasum = json_string_at(*dist, "shasum");
    if (v.integrity.empty() && shasum.size() == 40) {
      v.integrity = normalize_integrity("sha1:" + shasum);
    }
  }
  return v;
}

}  // namespace

std::optional<PackumentVersions> read_packument_versions(const std::string& body,
                                                         const std::string& where,
                                                         std::string* error) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::parse_error& e) {
    int line = 0, col = 0;
    offset_to_line_col(body, e.byte > 0 ? e.byte - 1 : 0, &line, &col);
    *error = Diagnostic{where, line, col, "expected a JSON packument"}.str();
    return std::nullopt;
  }
  auto versions = doc.is_object() ? doc.find("versions") : doc.end();
  if (!doc.is_object() || versions == doc.end() || !versions->is_object()) {
    *error = Diagnostic{where, 1, 1, "expected a packument with a \"versions\" object"}.str();
    return std::nullopt;
  }
  PackumentVersions out;
  out.latest = doc.contains("dist-tags") ? json_string_at(doc["dist-tags"], "latest") : "";
  const json no_times = json::object();
  auto times = doc.find("time");
  const json& time_map = times != doc.end() && times->is_object() ? *times : no_times;
  for (const auto& [version, entry] : versions->items()) {
    if (entry.is_object()) {
      out.versions.push_back(read_version(version, entry, time_map));
    }
  }
  return out;
}

}  // namespace tarsier
