#include "tests/support/registry_server.h"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "analyzer/util/integrity.h"
#include "analyzer/util/url.h"
#include "tests/support/http_server.h"
#include "tests/support/pack.h"

namespace tarsier::test {

namespace {

HttpReply make_reply(int status, std::string content_type, std::string body,
                     std::vector<std::string> headers = {}) {
  HttpReply r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

HttpReply not_found() {
  return make_reply(404, "application/json", "{\"error\":\"Not found\"}");
}

struct Version {
  std::string integrity;
  std::string shasum;
  VersionMeta meta;
};

void add_meta(nlohmann::json& entry, const VersionMeta& meta) {
  if (!meta.publisher.empty()) {
    entry["_npmUser"] = {{"name", meta.publisher}};
  }
  if (!meta.maintainers.empty()) {
    entry["maintainers"] = nlohmann::json::array();
    for (const auto& m : meta.maintainers) {
      entry["maintainers"].push_back({{"name", m}});
    }
  }
  for (const auto& d : meta.dependencies) {
    entry["dependencies"][d] = "^1.0.0";
  }
  if (!meta.install_script.empty()) {
    entry["scripts"]["postinstall"] = meta.install_script;
  }
  if (meta.file_count >= 0) {
    entry["dist"]["fileCount"] = meta.file_count;
  }
  if (meta.unpacked_size >= 0) {
    entry["dist"]["unpackedSize"] = meta.unpacked_size;
  }
  if (!meta.manifest_json.empty()) {
    entry.merge_patch(nlohmann::json::parse(meta.manifest_json));
  }
}

std::string header_of(const HttpRequest& request, const std::string& name) {
  for (const auto& h : request.headers) {
    if (h.size() > name.size() + 1 && h.compare(0, name.size(), name) == 0 &&
        h[name.size()] == ':') {
      std::string value = h.substr(name.size() + 1);
      return value.substr(value.find_first_not_of(' '));
    }
  }
  return "";
}

struct Package {
  std::map<std::string, Version> versions;
  std::string latest;
};

}  // namespace

struct RegistryServer::State {
  mutable std::mutex mutex;
  std::map<std::string, HttpReply> routes;
  std::map<std::string, Package> packages;
  std::map<std::string, FaultSpec> faults;
  std::map<std::string, int> counts;
  std::map<std::string, std::vector<std::string>> last_headers;
  int total = 0;
  int not_modified = 0;
  // Last member: destroyed first, so no request runs while the maps above go away.
  HttpServer server{[this](const HttpRequest& r) { return handle(r); }};

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/"; }

  std::string packument(const std::string& name, const Package& p) const {
    nlohmann::json doc;
    doc["_id"] = name;
    doc["name"] = name;
    doc["dist-tags"]["latest"] = p.latest;
    doc["versions"] = nlohmann::json::object();
    std::string origin = base_url();
    origin.pop_back();
    for (const auto& [version, v] : p.versions) {
      nlohmann::json& entry = doc["versions"][version];
      entry["name"] = name;
      entry["version"] = version;
      entry["dist"]["tarball"] = origin + tarball_path(name, version);
      entry["dist"]["integrity"] = v.integrity;
      entry["dist"]["shasum"] = v.shasum;
      add_meta(entry, v.meta);
      if (!v.meta.published_at.empty()) {
        doc["time"][version] = v.meta.published_at;
      }
    }
    return doc.dump();
  }

  // Records the request, then answers from the routes or the packuments, with any fault.
  HttpReply handle(const HttpRequest& request) {
    std::lock_guard<std::mutex> guard(mutex);
    const std::string& raw = request.path;
    std::string decoded = percent_decode(raw);
    ++total;
    ++counts[raw];
    last_headers[raw] = request.headers;
    if (decoded != raw) {
      ++counts[decoded];
      last_headers[decoded] = request.headers;
    }
    FaultSpec fault;
    for (const std::string& key : {raw, decoded}) {
      auto it = faults.find(key);
      if (it != faults.end() && it->second.fault != Fault::none && it->second.times != 0) {
        fault = it->second;
        if (it->second.times > 0) {
          --it->second.times;
        }
        break;
      }
    }
    HttpReply reply = not_found();
    if (auto it = routes.find(raw); it != routes.end()) {
      reply = it->second;
    } else if (auto it2 = routes.find(decoded); it2 != routes.end()) {
      reply = it2->second;
    } else if (auto it3 = packages.find(decoded.substr(1)); it3 != packages.end()) {
      std::string body = packument(it3->first, it3->second);
      std::string etag = "\"" + hex_digest("sha1", body) + "\"";
      if (header_of(request, "if-none-match") == etag) {
        ++not_modified;
        reply = make_reply(304, "application/json", "", {"ETag: " + etag});
      } else {
        reply = make_reply(200, "application/json", std::move(body), {"ETag: " + etag});
      }
    }
    switch (fault.fault) {
      case Fault::not_found:
        reply = not_found();
        break;
      case Fault::server_error:
        reply = make_reply(500, "text/plain", "internal error");
        break;
      case Fault::too_many_requests:
        reply = make_reply(429, "text/plain", "slow down",
                           {"Retry-After: " + std::to_string(fault.retry_after_s)});
        break;
      case Fault::truncated:
        reply.announced_length = static_cast<long long>(reply.body.size()) + 1000;
        break;
      case Fault::wrong_bytes:
        for (auto& c : reply.body) {
          c = static_cast<char>(c ^ 0x5a);
        }
        break;
      case Fault::stalled:
        reply.stall_after_bytes = static_cast<long long>(reply.body.size() / 2);
        reply.stall_ms = fault.delay_ms;
        return reply;
      case Fault::html:
        reply = make_reply(200, "text/html",
                           "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                           "<body><form action=\"/login\"></form></body></html>\n");
        break;
      case Fault::reset:
        reply.reset = true;
        break;
      case Fault::none:
      case Fault::slow:
        break;
    }
    reply.delay_ms = fault.delay_ms;
    return reply;
  }
};

RegistryServer::RegistryServer() : m_state(std::make_unique<State>()) {}

RegistryServer::~RegistryServer() = default;

std::string RegistryServer::base_url() const {
  return m_state->base_url();
}

int RegistryServer::port() const {
  return m_state->server.port();
}

std::string RegistryServer::publish(const std::string& name, const std::string& version,
                                    const std::string& tarball, const VersionMeta& meta) {
  std::string integrity = sri_sha512(tarball);
  std::lock_guard<std::mutex> guard(m_state->mutex);
  Package& p = m_state->packages[name];
  p.versions[version] = Version{integrity, hex_digest("sha1", tarball), meta};
  p.latest = version;
  m_state->routes[tarball_path(name, version)] =
      make_reply(200, "application/octet-stream", tarball);
  return integrity;
}

std::string RegistryServer::publish_dir(const std::string& name, const std::string& version,
                                        const std::string& dir, const VersionMeta& meta) {
  return publish(name, version, pack_npm_dir(dir), meta);
}

void RegistryServer::set_latest(const std::string& name, const std::string& version) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->packages[name].latest = version;
}

void RegistryServer::serve(const std::string& path, std::string body, std::string content_type,
                           int status) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->routes[path] = make_reply(status, std::move(content_type), std::move(body));
}

void RegistryServer::serve_reply(const std::string& path, HttpReply reply) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->routes[path] = std::move(reply);
}

void RegistryServer::redirect(const std::string& path, const std::string& location, int status) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->routes[path] = make_reply(status, "text/plain", "", {"Location: " + location});
}

void RegistryServer::inject(const std::string& path, FaultSpec fault) {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  m_state->faults[path] = fault;
}

int RegistryServer::request_count(const std::string& path) const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  auto it = m_state->counts.find(path);
  return it == m_state->counts.end() ? 0 : it->second;
}

int RegistryServer::total_requests() const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  return m_state->total;
}

int RegistryServer::not_modified_count() const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  return m_state->not_modified;
}

int RegistryServer::connections() const {
  return m_state->server.connections();
}

std::vector<std::string> RegistryServer::last_request_headers(const std::string& path) const {
  std::lock_guard<std::mutex> guard(m_state->mutex);
  auto it = m_state->last_headers.find(path);
  return it == m_state->last_headers.end() ? std::vector<std::string>{} : it->second;
}

std::string tarball_path(const std::string& name, const std::string& version) {
  size_t slash = name.find('/');
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  return "/" + name + "/-/" + base + "-" + version + ".tgz";
}

}  // namespace tarsier::test
