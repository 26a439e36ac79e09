#include "analyzer/registry/pip_config.h"

#include "analyzer/registry/pip_ini.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analyzer/util/ascii.h"
#include "analyzer/util/base64.h"
#include "analyzer/util/python_name.h"
#include "analyzer/util/url.h"

namespace tarsier {
namespace {

// pip.conf files are small; a bigger file is not a configuration file.
constexpr size_t k_max_config_bytes = 1 << 20;

std::optional<std::string> read_file(const std::string& path, std::vector<std::string>* warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;  // pip skips files that do not exist
  }
  std::ostringstream out;
  out << in.rdbuf();
  std::string text = out.str();
  if (text.size() > k_max_config_bytes) {
    warnings->push_back(path + ": ignored, larger than 1 MiB");
    return std::nullopt;
  }
  return text;
}

std::vector<std::string> split_whitespace(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t start = text.find_first_not_of(" \t\r\n", pos);
    if (start == std::string_view::npos) {
      break;
    }
    size_t end = text.find_first_of(" \t\r\n", start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    pos = end;
  }
  return out;
}

// Splits "scheme://[user[:pass]@]host..." into the URL without user info and the decoded
// "user:pass" (empty when there is none).
std::string take_user_info(std::string_view url, std::string* user_pass) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return std::string(url);
  }
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) {
    return std::string(url);
  }
  std::string_view info = authority.substr(0, at);
  size_t colon = info.find(':');
  std::string user = percent_decode(info.substr(0, colon));
  std::string pass = colon == std::string_view::npos ? "" : percent_decode(info.substr(colon + 1));
  *user_pass = user + ":" + pass;
  return std::string(url.substr(0, start)) + std::string(authority.substr(at + 1)) +
         std::string(end == std::string_view::npos ? std::string_view() : url.substr(end));
}

// Credentials from a URL are bound to its scheme too: an https index's password never goes
// out over plain http.
std::string credential_key(std::string_view url) {
  return url_scheme(url) + "://" + url_host_key(url);
}

// Adds the URL's credentials (if any) to `config` and returns the URL without them, ending in
// '/'; "" when the URL is not http(s).
std::string register_index(const std::string& raw, PipConfig* config) {
  std::string user_pass;
  std::string url = take_user_info(trim_ini(raw), &user_pass);
  if (!is_http_url(url)) {
    return "";
  }
  url = url.substr(0, url.find('#'));
  if (url.empty() || url.back() != '/') {
    url += '/';
  }
  if (!user_pass.empty()) {
    config->url_credentials.emplace(credential_key(url), base64_encode(user_pass));
  }
  return url;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

std::string url_host_key(std::string_view url) {
  std::string scheme = url_scheme(url);
  if (scheme != "http" && scheme != "https") {
    return "";
  }
  size_t start = url.find("://") + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority(
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  size_t at = authority.rfind('@');
  if (at != std::string::npos) {
    authority.erase(0, at + 1);
  }
  authority = ascii_lower(authority);
  std::string default_port = scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(),
                        default_port) == 0) {
    authority.resize(authority.size() - default_port.size());
  }
  return authority;
}

std::string PipConfig::project_url(std::string_view name, const std::string& index) const {
  return (index.empty() ? index_url : index) + normalize_project_name(name) + "/";
}

std::optional<std::string> PipConfig::auth_header_for(std::string_view url) const {
  std::string key = url_host_key(url);
  if (key.empty()) {
    return std::nullopt;
  }
  auto it = url_credentials.find(credential_key(url));
  if (it != url_credentials.end()) {
    return "Authorization: Basic " + it->second;
  }
  std::string host = key;
  if (host.front() != '[') {
    host = host.substr(0, host.find(':'));
  } else {
    host = host.substr(0, host.find(']') + 1);
  }
  // netrc `default` credentials go only to configured indexes, never to a file host.
  bool is_index = url_host_key(index_url) == key;
  for (const auto& extra : extra_index_urls) {
    is_index = is_index || url_host_key(extra) == key;
  }
  for (const auto& e : netrc.entries) {
    if (e.machine == host && !e.login.empty()) {
      return "Authorization: Basic " + base64_encode(e.login + ":" + e.password);
    }
  }
  if (is_index) {
    if (auto e = netrc.lookup(host)) {
      return "Authorization: Basic " + base64_encode(e->login + ":" + e->password);
    }
  }
  return std::nullopt;
}

namespace {

// The config files merged: the first file that sets a section's key wins.
IniFile merge_config_files(const std::vector<std::string>& paths,
                           std::vector<std::string>* warnings) {
  IniFile merged;
  for (const auto& path : paths) {
    auto text = read_file(path, warnings);
    if (!text) {
      continue;
    }
    for (auto& [section, values] : parse_pip_ini(*text, path, warnings)) {
      for (auto& [key, value] : values) {
        merged[section].emplace(key, value);
      }
    }
  }
  return merged;
}

// A key of the [install] section, else of [global]; nullptr when neither sets it.
const IniValue* file_value(const IniFile& merged, const std::string& key) {
  for (const char* section : {"install", "global"}) {
    auto s = merged.find(section);
    if (s != merged.end()) {
      auto v = s->second.find(key);
      if (v != s->second.end()) {
        return &v->second;
      }
    }
  }
  return nullptr;
}

// The primary index as written (--index-url, PIP_INDEX_URL, the files, else the default); sets
// config->where.
std::string raw_primary_index(const PipConfigSources& sources, const IniFile& merged,
                              PipConfig* config) {
  if (!sources.cli_index_url.empty()) {
    config->where = "--index-url";
    return sources.cli_index_url;
  }
  if (sources.env_index_url && !trim_ini(*sources.env_index_url).empty()) {
    config->where = "PIP_INDEX_URL";
    return *sources.env_index_url;
  }
  if (const IniValue* v = file_value(merged, "index-url")) {
    config->where = v->where;
    return v->value;
  }
  config->where = "default";
  return std::string(k_default_pip_index);
}

// The extra indexes (PIP_EXTRA_INDEX_URL, else the files); one that is not an http(s) URL is a
// warning.
void add_extra_indexes(const PipConfigSources& sources, const IniFile& merged, PipConfig* config) {
  std::string extra_where = "PIP_EXTRA_INDEX_URL";
  std::string raw_extra;
  if (sources.env_extra_index_url) {
    raw_extra = *sources.env_extra_index_url;
  } else if (const IniValue* v = file_value(merged, "extra-index-url")) {
    raw_extra = v->value;
    extra_where = v->where;
  }
  for (const auto& item : split_whitespace(raw_extra)) {
    std::string url = register_index(item, config);
    if (url.empty()) {
      std::string user_pass;
      config->warnings.push_back(extra_where + ": extra index '" +
                                 redact_url(take_user_info(item, &user_pass)) +
                                 "' ignored, expected an http(s) URL");
    } else if (url != config->index_url) {
      config->extra_index_urls.push_back(url);
    }
  }
}

}  // namespace

Result<PipConfig> load_pip_config(const PipConfigSources& sources) {
  PipConfig config;
  IniFile merged = merge_config_files(sources.config_files, &config.warnings);
  std::string raw_index = raw_primary_index(sources, merged, &config);
  config.index_url = register_index(raw_index, &config);
  if (config.index_url.empty()) {
    std::string user_pass;
    return make_error(ErrorKind::invalid,
                      "package index '" +
                          redact_url(take_user_info(trim_ini(raw_index), &user_pass)) + "' from " +
                          config.where + " is not an http(s) URL");
  }
  add_extra_indexes(sources, merged, &config);
  if (!sources.netrc_file.empty()) {
    if (auto text = read_file(sources.netrc_file, &config.warnings)) {
      config.netrc = parse_netrc(*text, sources.netrc_file);
      config.warnings.insert(config.warnings.end(), config.netrc.warnings.begin(),
                             config.netrc.warnings.end());
    }
  }
  return config;
}

std::vector<std::string> default_pip_config_files() {
  std::vector<std::string> files;
  const char* env_file = std::getenv("PIP_CONFIG_FILE");
  if (env_file && std::string_view(env_file) == "/dev/null") {
    return files;
  }
  if (env_file && *env_file) {
    files.emplace_back(env_file);
  }
  std::string home = env_or("HOME", "");
  std::string xdg_home = env_or("XDG_CONFIG_HOME", home.empty() ? "" : home + "/.config");
  if (!xdg_home.empty()) {
    files.push_back(xdg_home + "/pip/pip.conf");
  }
  if (!home.empty()) {
    files.push_back(home + "/.pip/pip.conf");
  }
  files.emplace_back("/etc/pip.conf");
  std::string dirs = env_or("XDG_CONFIG_DIRS", "/etc/xdg");
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = std::min(dirs.find(':', start), dirs.size());
    if (end > start) {
      files.push_back(dirs.substr(start, end - start) + "/pip/pip.conf");
    }
    start = end + 1;
  }
  return files;
}

PipConfigSources default_pip_config_sources(const std::string& cli_index_url) {
  PipConfigSources sources;
  sources.cli_index_url = cli_index_url;
  if (const char* v = std::getenv("PIP_INDEX_URL")) {
    sources.env_index_url = v;
  }
  if (const char* v = std::getenv("PIP_EXTRA_INDEX_URL")) {
    sources.env_extra_index_url = v;
  }
  sources.config_files = default_pip_config_files();
  std::string home = env_or("HOME", "");
  sources.netrc_file = env_or("NETRC", home.empty() ? "" : home + "/.netrc");
  return sources;
}

}  // namespace tarsier
