#include "analyzer/registry/release_history.h"

#include <algorithm>

#include "analyzer/core/diagnostic.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_fields.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/pep440.h"

namespace tarsier {

namespace {

using nlohmann::json;

std::map<std::string, std::string> strings_of(const json& object, const char* key) {
  std::map<std::string, std::string> out;
  auto it = object.find(key);
  if (it != object.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      out[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  return out;
}

// Parses `body` as a JSON object; on failure the error is at the offending position.
Result<json> parse_object(const std::string& body, const std::string& where, const char* expected) {
  json doc;
  JsonTextError problem;
  if (!parse_json_text(body, &doc, &problem)) {
    int line = 0, col = 0;
    offset_to_line_col(body, problem.offset, &line, &col);
    return make_error(ErrorKind::invalid, where, line, col, std::string("expected ") + expected);
  }
  if (!doc.is_object()) {
    return make_error(ErrorKind::invalid, where, 1, 1, std::string("expected ") + expected);
  }
  return doc;
}

std::optional<int64_t> number_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<int64_t>();
}

// dist: the tarball, its integrity (sha1 shasum when no SRI is given) and its stated size.
void read_npm_dist(const json& entry, ReleaseInfo* v) {
  auto dist = entry.find("dist");
  if (dist == entry.end() || !dist->is_object()) {
    return;
  }
  v->file_count = number_at(*dist, "fileCount");
  v->unpacked_size = number_at(*dist, "unpackedSize");
  v->archive_url = json_string_at(*dist, "tarball");
  v->integrity = normalize_integrity(json_string_at(*dist, "integrity"));
  std::string shasum = json_string_at(*dist, "shasum");
  if (v->integrity.empty() && shasum.size() == 40) {
    v->integrity = normalize_integrity("sha1:" + shasum);
  }
}

std::string unscoped(const std::string& name) {
  auto slash = name.find('/');
  return name.starts_with('@') && slash != std::string::npos ? name.substr(slash + 1) : name;
}

void read_npm_people(const json& entry, ReleaseInfo* v) {
  v->publisher = entry.contains("_npmUser") ? json_string_at(entry["_npmUser"], "name") : "";
  auto it = entry.find("maintainers");
  if (it == entry.end() || !it->is_array()) {
    return;
  }
  for (const auto& person : *it) {
    std::string name =
        person.is_string() ? person.get<std::string>() : json_string_at(person, "name");
    if (!name.empty()) {
      v->maintainers.push_back(name);
    }
  }
}

void read_npm_manifest(const std::string& package, const json& entry, ReleaseInfo* v) {
  v->has_manifest = true;
  v->name = json_string_at(entry, "name");
  v->scripts = strings_of(entry, "scripts");
  v->dependencies = strings_of(entry, "dependencies");
  for (auto& [name, spec] : strings_of(entry, "optionalDependencies")) {
    v->dependencies.emplace(name, spec);
  }
  auto bin = entry.find("bin");
  if (bin != entry.end() && bin->is_string()) {
    v->bin[unscoped(v->name.empty() ? package : v->name)] = bin->get<std::string>();
  } else {
    v->bin = strings_of(entry, "bin");
  }
  auto deprecated = entry.find("deprecated");
  if (deprecated != entry.end() && deprecated->is_string()) {
    v->deprecated = deprecated->get<std::string>();
  } else if (deprecated != entry.end() && deprecated->is_boolean() && deprecated->get<bool>()) {
    v->deprecated = "deprecated";
  }
  v->repository_known = true;
  auto repository = entry.find("repository");
  if (repository != entry.end() && repository->is_string()) {
    v->repository = repository->get<std::string>();
  } else if (repository != entry.end()) {
    v->repository = json_string_at(*repository, "url");
    v->repository_directory = json_string_at(*repository, "directory");
  }
}

// "2023-05-22T15:12:44.123456Z" or "2023-05-22T15:12:44" as "2023-05-22T15:12:44Z".
std::string utc_seconds(const std::string& time) {
  return time.size() >= 19 ? time.substr(0, 19) + "Z" : "";
}

// A PyPI release from its file list: the earliest upload, yanked when every file is.
ReleaseInfo read_pypi_release(const std::string& version, const json& files) {
  ReleaseInfo v;
  v.version = version;
  if (!files.is_array() || files.empty()) {
    return v;
  }
  v.yanked = true;
  for (const auto& file : files) {
    std::string uploaded = json_string_at(file, "upload_time_iso_8601");
    uploaded = utc_seconds(uploaded.empty() ? json_string_at(file, "upload_time") : uploaded);
    if (!uploaded.empty() && (v.published_at.empty() || uploaded < v.published_at)) {
      v.published_at = uploaded;
    }
    auto yanked = file.is_object() ? file.find("yanked") : file.end();
    if (yanked == file.end() || !yanked->is_boolean() || !yanked->get<bool>()) {
      v.yanked = false;
    } else if (v.yanked_reason.empty()) {
      v.yanked_reason = json_string_at(file, "yanked_reason");
    }
  }
  return v;
}

// The project's source repository among its project URLs: a "Source"/"Repository"/"Code" link,
// else any link to a code host, else the home page when it is on a code host.
std::string pypi_repository(const json& info) {
  auto on_code_host = [](const std::string& url) {
    for (const char* host : {"github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/"}) {
      if (url.find(host) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  std::string any_code_host;
  auto urls = info.find("project_urls");
  if (urls != info.end() && urls->is_object()) {
    for (const auto& [label, value] : urls->items()) {
      std::string url = value.is_string() ? value.get<std::string>() : "";
      std::string key = label;
      std::transform(key.begin(), key.end(), key.begin(), ::tolower);
      bool source_label = key.find("source") != std::string::npos ||
                          key.find("repo") != std::string::npos ||
                          key.find("code") != std::string::npos;
      if (!url.empty() && source_label) {
        return url;
      }
      if (any_code_host.empty() && on_code_host(url)) {
        any_code_host = url;
      }
    }
  }
  std::string home = json_string_at(info, "home_page");
  return !any_code_host.empty() ? any_code_host : (on_code_host(home) ? home : "");
}

}  // namespace

Result<ReleaseHistory> read_npm_release_history(const std::string& body, const std::string& where) {
  auto doc = parse_object(body, where, "a JSON packument");
  if (!doc) {
    return doc.error();
  }
  auto versions = doc->find("versions");
  if (versions == doc->end() || !versions->is_object()) {
    return make_error(ErrorKind::invalid, where, 1, 1,
                      "expected a packument with a \"versions\" object");
  }
  ReleaseHistory out;
  out.name = json_string_at(*doc, "name");
  out.latest = doc->contains("dist-tags") ? json_string_at((*doc)["dist-tags"], "latest") : "";
  const json no_times = json::object();
  auto times = doc->find("time");
  const json& time_map = times != doc->end() && times->is_object() ? *times : no_times;
  for (const auto& [version, entry] : versions->items()) {
    if (!entry.is_object()) {
      continue;
    }
    ReleaseInfo v;
    v.version = version;
    v.published_at = json_string_at(time_map, version.c_str());
    read_npm_people(entry, &v);
    read_npm_manifest(out.name, entry, &v);
    read_npm_dist(entry, &v);
    out.versions.push_back(std::move(v));
  }
  return out;
}

Result<ReleaseHistory> read_pypi_release_history(const std::string& body,
                                                 const std::string& where) {
  auto doc = parse_object(body, where, "a PyPI JSON project document");
  if (!doc) {
    return doc.error();
  }
  auto info = doc->find("info");
  auto releases = doc->find("releases");
  if (info == doc->end() || !info->is_object() || releases == doc->end() ||
      !releases->is_object()) {
    return make_error(ErrorKind::invalid, where, 1, 1,
                      "expected \"info\" and \"releases\" objects");
  }
  ReleaseHistory out;
  out.name = json_string_at(*info, "name");
  out.latest_repository = pypi_repository(*info);
  out.latest = json_string_at(*info, "version");
  for (const auto& [version, files] : releases->items()) {
    ReleaseInfo v = read_pypi_release(version, files);
    if (version == out.latest) {
      v.repository_known = true;
      v.repository = out.latest_repository;
    }
    out.versions.push_back(std::move(v));
  }
  return out;
}

Result<ReleaseInfo> read_npm_manifest(const std::string& package_json, const std::string& where) {
  auto doc = parse_object(package_json, where, "a package.json object");
  if (!doc) {
    return doc.error();
  }
  ReleaseInfo v;
  v.version = json_string_at(*doc, "version");
  read_npm_manifest(json_string_at(*doc, "name"), *doc, &v);
  return v;
}

const ReleaseInfo* find_release(const ReleaseHistory& history, const std::string& ecosystem,
                                const std::string& version) {
  const Ecosystem* known = find_ecosystem(ecosystem);
  for (const auto& v : history.versions) {
    if (known != nullptr ? known->same_version(v.version, version) : v.version == version) {
      return &v;
    }
  }
  return nullptr;
}

}  // namespace tarsier
