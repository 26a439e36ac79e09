#include "analyzer/registry/npm_client.h"

#include <nlohmann/json.hpp>
#include <set>

#include "analyzer/core/diagnostic.h"
#include "analyzer/util/base64.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_text.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

using nlohmann::json;

// The abbreviated ("corgi") document carries everything needed here and is much smaller.
constexpr std::string_view k_packument_accept =
    "Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

bool is_registry_source(const PackageRef& p) {
  return p.source.empty() || p.source == "registry" || p.source == "http";
}

// The lockfile's integrity when it holds a supported hash. yarn classic lockfiles may only have
// the tarball's sha1 as the `resolved` URL's fragment ("...tgz#<40 hex>").
std::string lockfile_integrity(const PackageRef& p) {
  if (!parse_integrity(p.integrity).empty()) {
    return p.integrity;
  }
  size_t hash = p.resolved.rfind('#');
  if (hash != std::string::npos && is_http_url(p.resolved)) {
    std::string fragment = p.resolved.substr(hash + 1);
    if (fragment.size() == 40) {
      return normalize_integrity("sha1:" + fragment);
    }
  }
  return "";
}

std::string strip_fragment(const std::string& url) {
  return url.substr(0, url.find('#'));
}

// True when `url`'s path is the registry layout's tarball path for this name and version, so
// any registry holding the package serves the same file there.
bool is_conventional_tarball(const std::string& url, const PackageRef& p) {
  size_t slash = p.name.find('/');
  std::string base = slash == std::string::npos ? p.name : p.name.substr(slash + 1);
  std::string tail = "/-/" + base + "-" + p.version + ".tgz";
  std::string path = url_path(url);
  if (path.ends_with("/" + p.name + tail)) {
    return true;
  }
  if (slash == std::string::npos) {
    return false;
  }
  std::string scope = p.name.substr(0, slash);
  return path.ends_with("/" + scope + "%2f" + base + tail) ||
         path.ends_with("/" + scope + "%2F" + base + tail);
}

std::string label(const PackageRef& p) {
  return p.name + "@" + (p.version.empty() ? std::string("latest") : p.version);
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) {
    return nullptr;
  }
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : "";
}

// The archive of `package` in its packument (the version, else dist-tags.latest): the tarball URL
// when `url` is still empty, the integrity when the lockfile gave none (dist.integrity, else
// dist.shasum). Fills d's integrity, its source and version; "" on success, else the problem.
std::string locate_in_packument(const PackageRef& package, const std::string& metadata,
                                const std::string& where, std::string* url, std::string* integrity,
                                ArchiveDownload* d) {
  json doc;
  JsonTextError parse_error;
  if (!parse_json_text(metadata, &doc, &parse_error)) {
    int line = 0, col = 0;
    offset_to_line_col(metadata, parse_error.offset, &line, &col);
    return Diagnostic{where, line, col, "expected a JSON packument: " + parse_error.message}.str();
  }
  std::string version = package.version;
  if (version.empty()) {
    const json* tags = member(doc, "dist-tags");
    version = tags ? string_member(*tags, "latest") : "";
    if (version.empty()) {
      return where + ": packument has no dist-tags.latest for " + package.name;
    }
  }
  const json* versions = member(doc, "versions");
  const json* entry = versions ? member(*versions, version.c_str()) : nullptr;
  if (!entry) {
    return package.name + "@" + version + ": version not found in the registry (" + where + ")";
  }
  const json* dist = member(*entry, "dist");
  if (!dist) {
    return package.name + "@" + version + ": packument entry has no dist (" + where + ")";
  }
  if (url->empty()) {
    *url = string_member(*dist, "tarball");
    if (!is_http_url(*url)) {
      return package.name + "@" + version + ": dist.tarball is " +
             (url->empty() ? std::string("missing") : "not an http(s) URL") + " (" + where + ")";
    }
  }
  if (!integrity->empty()) {
    d->integrity_source = "lockfile";
  } else {
    *integrity = normalize_integrity(string_member(*dist, "integrity"));
    if (integrity->empty()) {
      std::string shasum = string_member(*dist, "shasum");
      *integrity = shasum.size() == 40 ? normalize_integrity("sha1:" + shasum) : "";
    }
    if (integrity->empty()) {
      return package.name + "@" + version +
             ": the registry gives no dist.integrity or dist.shasum (" + where + ")";
    }
    d->integrity_source = "registry";
  }
  d->integrity = *integrity;
  d->version = version;
  return "";
}

}  // namespace

bool is_valid_npm_name(const std::string& name) {
  if (name.empty() || name.size() > 512) {
    return false;
  }
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '\\' || c == '?' || c == '#' || c == '%') {
      return false;
    }
  }
  std::string_view rest = name;
  if (name.front() == '@') {
    size_t slash = name.find('/');
    if (slash == std::string::npos || slash == 1) {
      return false;
    }
    rest = std::string_view(name).substr(slash + 1);
  }
  return !rest.empty() && rest.front() != '.' && rest.find('/') == std::string_view::npos;
}

NpmClient::NpmClient(NpmConfig config) : m_config(std::move(config)) {
  m_known_hosts.insert(url_hostport(m_config.registry));
  for (const auto& [scope, url] : m_config.scope_registry) {
    m_known_hosts.insert(url_hostport(url));
  }
  for (const auto& [prefix, auth] : m_config.auth) {
    m_known_hosts.insert(prefix.substr(2, prefix.find('/', 2) - 2));
  }
}

std::string NpmClient::download_url(const PackageRef& package) const {
  if (!is_http_url(package.resolved)) {
    return "";
  }
  std::string url = strip_fragment(package.resolved);
  const std::string& mode = m_config.replace_registry_host;
  if (mode == "never" || package.version.empty() || !is_conventional_tarball(url, package)) {
    return url;
  }
  std::string host = url_hostport(url);
  std::string replacement = m_config.tarball_url(package.name, package.version);
  if (url_hostport(replacement) == host) {
    return url;
  }
  bool replace = mode == "always" || (mode == "npmjs" && !m_known_hosts.count(host)) ||
                 url_hostport("http://" + mode) == host;
  return replace ? replacement : url;
}

FetchRequest NpmClient::request_for(const std::string& url) const {
  FetchRequest r;
  r.url = url;
  if (auto auth = m_config.auth_header_for(url)) {
    r.headers.push_back(*auth);
  }
  return r;
}

std::optional<FetchRequest> NpmClient::metadata_request(const PackageRef& package) const {
  if (!is_valid_npm_name(package.name)) {
    return std::nullopt;  // locate() reports it
  }
  bool http_resolved = is_http_url(package.resolved);
  if (!is_registry_source(package) && !http_resolved) {
    return std::nullopt;  // git, file, link, workspace: nothing to ask the registry
  }
  bool url_known = http_resolved || !m_config.registry_for(package.name).empty();
  if (!package.version.empty() && url_known && !lockfile_integrity(package).empty()) {
    return std::nullopt;
  }
  if (m_config.registry_for(package.name).empty()) {
    return std::nullopt;
  }
  FetchRequest r = request_for(m_config.packument_url(package.name));
  r.headers.emplace_back(k_packument_accept);
  return r;
}

// The full packument: the abbreviated one has no publication times, people or scripts.
std::optional<FetchRequest> NpmClient::release_history_request(const PackageRef& package) const {
  if (!is_valid_npm_name(package.name) ||
      !(package.source.empty() || package.source == "registry") ||
      m_config.registry_for(package.name).empty()) {
    return std::nullopt;
  }
  FetchRequest r = request_for(m_config.packument_url(package.name));
  r.headers.emplace_back("Accept: application/json");
  return r;
}

Result<ReleaseHistory> NpmClient::read_release_history(const std::string& body,
                                                       const std::string& where) const {
  return read_npm_release_history(body, where);
}

Result<std::vector<ArchiveDownload>> NpmClient::locate(const PackageRef& package,
                                                       const std::string* metadata) const {
  auto fail = [](const std::string& message) -> Result<std::vector<ArchiveDownload>> {
    return make_error(ErrorKind::invalid, message);
  };
  if (!is_valid_npm_name(package.name)) {
    return fail("'" + package.name.substr(0, 100) + "' is not a valid npm package name");
  }
  bool http_resolved = is_http_url(package.resolved);
  if (!is_registry_source(package) && !http_resolved) {
    return fail(label(package) + ": a " + package.source +
                " dependency is not downloaded from a registry");
  }
  if (!package.resolved.empty() && !http_resolved && package.source == "registry" &&
      package.resolved.find("://") != std::string::npos) {
    return fail(label(package) + ": resolved URL '" + redact_url(package.resolved) +
                "' is not http(s)");
  }

  ArchiveDownload d;
  d.kind = ArchiveKind::npm_tarball;
  std::string url = download_url(package);
  std::string integrity =
      package.version.empty() ? "" : normalize_integrity(lockfile_integrity(package));

  if (!metadata) {
    if (url.empty() && !package.version.empty() && !m_config.registry_for(package.name).empty()) {
      url = m_config.tarball_url(package.name, package.version);
    }
    if (url.empty() || integrity.empty()) {
      return fail(label(package) + ": the lockfile gives no " +
                  (integrity.empty() ? "integrity" : "download URL") +
                  " and no registry metadata was fetched");
    }
    d.integrity = integrity;
    d.integrity_source = "lockfile";
  } else {
    std::string problem = locate_in_packument(
        package, *metadata, redact_url(m_config.packument_url(package.name)), &url, &integrity, &d);
    if (!problem.empty()) {
      return fail(problem);
    }
  }
  d.request = request_for(url);
  d.file_name = url_file_name(url);
  return std::vector<ArchiveDownload>{d};
}

}  // namespace tarsier
