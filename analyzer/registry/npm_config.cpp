#include "analyzer/registry/npm_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/registry/npm_answer.h"
#include "analyzer/registry/npmrc.h"
#include "analyzer/util/base64.h"
#include "analyzer/util/url.h"

namespace tarsier {
namespace {

constexpr std::string_view k_how_to_configure =
    "no npm registry configured: pass --registry URL, set npm_config_registry, or add "
    "'registry=URL' to .npmrc (project or ~/.npmrc)";

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = lower(c);
  }
  return out;
}

std::string with_slash(std::string url) {
  if (url.empty() || url.back() != '/') {
    url += '/';
  }
  return url;
}

// Percent-encodes everything outside RFC 3986's unreserved set, keeping '@' and, when asked, '/'.
std::string encode_name(std::string_view name, bool keep_slash) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '@' || c == '+' ||
                 (keep_slash && c == '/');
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

struct ConfigBuilder {
  NpmConfig config;
  std::string file_registry;
  std::string file_registry_where;
  std::string replace_registry_host;
  // Credential fields as read, before combining username and _password.
  struct RawAuth {
    std::optional<std::string> token, auth, username, password;
    std::string password_where;
  };
  std::map<std::string, RawAuth> raw_auth;

  // Keys are "//host[:port]/path/"; the host is case-insensitive.
  static std::string normalise_auth_key(std::string_view key) {
    std::string_view rest = key.substr(2);
    size_t slash = rest.find('/');
    std::string out = "//" + to_lower(rest.substr(0, slash));
    out += slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    return with_slash(out);
  }

  void add(const NpmrcEntry& e, const std::string& path) {
    std::string where = path + ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
    if (e.key == "registry") {
      if (!file_registry.empty()) {
        return;  // an earlier (higher-priority) file set it
      }
      if (!is_http_url(e.value)) {
        config.warnings.push_back(where + ": expected an http(s) URL for registry");
        return;
      }
      file_registry = with_slash(e.value);
      file_registry_where = path + ":" + std::to_string(e.line);
      return;
    }
    if (e.key == "cafile") {
      if (config.cafile.empty() && !e.value.empty()) {
        std::filesystem::path file(e.value);
        config.cafile =
            file.is_absolute()
                ? e.value
                : (std::filesystem::path(path).parent_path() / file).lexically_normal().string();
      }
      return;
    }
    if (e.key == "replace-registry-host") {
      if (replace_registry_host.empty()) {
        replace_registry_host = e.value;
      }
      return;
    }
    if (e.key.size() > 10 && e.key.front() == '@' && e.key.ends_with(":registry")) {
      std::string scope = e.key.substr(0, e.key.size() - 9);
      if (config.scope_registry.count(scope)) {
        return;
      }
      if (!is_http_url(e.value)) {
        config.warnings.push_back(where + ": expected an http(s) URL for " + scope + ":registry");
        return;
      }
      config.scope_registry[scope] = with_slash(e.value);
      return;
    }
    if (!e.key.starts_with("//")) {
      return;
    }
    size_t colon = e.key.rfind(':');
    if (colon == std::string::npos || colon < 3) {
      return;
    }
    std::string field = e.key.substr(colon + 1);
    RawAuth& a = raw_auth[normalise_auth_key(std::string_view(e.key).substr(0, colon))];
    auto set = [&](std::optional<std::string>& slot) {
      if (!slot) {
        slot = e.value;
      }
    };
    if (field == "_authToken") {
      set(a.token);
    } else if (field == "_auth") {
      set(a.auth);
    } else if (field == "username") {
      set(a.username);
    } else if (field == "_password") {
      if (!a.password) {
        a.password_where = where;
      }
      set(a.password);
    }
  }

  void finish_auth() {
    for (auto& [key, raw] : raw_auth) {
      RegistryAuth auth;
      if (raw.token && !raw.token->empty()) {
        auth.token = *raw.token;
      }
      if (raw.auth && !raw.auth->empty()) {
        auth.basic = *raw.auth;
      } else if (raw.username && raw.password) {
        // npm stores _password base64-encoded; the header needs base64("user:password").
        auto password = base64_decode(*raw.password);
        if (!password) {
          config.warnings.push_back(raw.password_where + ": expected base64 in _password for " +
                                    key);
          continue;
        }
        auth.basic = base64_encode(*raw.username + ":" + *password);
      }
      if (!auth.token.empty() || !auth.basic.empty()) {
        config.auth[key] = std::move(auth);
      }
    }
  }
};

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool file_exists(const std::string& path) {
  std::ifstream in(path);
  return static_cast<bool>(in);
}

// npm's global prefix: $npm_config_prefix, $PREFIX, else two levels above the `node` binary.
std::string npm_prefix() {
  for (const char* var : {"npm_config_prefix", "NPM_CONFIG_PREFIX", "PREFIX"}) {
    if (auto v = process_env(var); v && !v->empty()) {
      return *v;
    }
  }
  if (auto path = process_env("PATH")) {
    std::stringstream dirs(*path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (!dir.empty() && file_exists(dir + "/node")) {
        size_t slash = dir.find_last_of('/');
        return slash == std::string::npos || slash == 0 ? "/" : dir.substr(0, slash);
      }
    }
  }
  return "/usr/local";
}

std::optional<std::string> env_first(std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto v = process_env(n); v && !v->empty()) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string registry_auth_key(const std::string& url) {
  std::string scheme = url_scheme(url);
  if (scheme != "http" && scheme != "https") {
    return "";
  }
  std::string_view rest = std::string_view(url).substr(url.find("://") + 3);
  size_t end = rest.find_first_of("?#");
  rest = rest.substr(0, end);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string host = to_lower(authority);
  std::string default_port = scheme == "https" ? ":443" : ":80";
  if (host.ends_with(default_port)) {
    host.resize(host.size() - default_port.size());
  }
  if (host.empty()) {
    return "";
  }
  path = path.substr(0, path.rfind('/') + 1);
  return "//" + host + std::string(path);
}

std::string NpmConfig::registry_for(const std::string& name) const {
  if (!name.empty() && name.front() == '@') {
    size_t slash = name.find('/');
    if (slash != std::string::npos) {
      auto it = scope_registry.find(name.substr(0, slash));
      if (it != scope_registry.end()) {
        return it->second;
      }
    }
  }
  return registry;
}

std::string NpmConfig::packument_url(const std::string& name) const {
  return registry_for(name) + encode_name(name, false);
}

std::string NpmConfig::tarball_url(const std::string& name, const std::string& version) const {
  size_t slash = name.find('/');
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  return registry_for(name) + encode_name(name, true) + "/-/" + encode_name(base, false) + "-" +
         encode_name(version, false) + ".tgz";
}

std::optional<std::string> NpmConfig::auth_header_for(const std::string& url) const {
  std::string key = registry_auth_key(url);
  if (key.empty()) {
    return std::nullopt;
  }
  const RegistryAuth* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, credentials] : auth) {
    if (key.starts_with(prefix) && prefix.size() > best_len) {
      best = &credentials;
      best_len = prefix.size();
    }
  }
  if (!best) {
    return std::nullopt;
  }
  if (!best->token.empty()) {
    return "Authorization: Bearer " + best->token;
  }
  return "Authorization: Basic " + best->basic;
}

Result<NpmConfig> load_npm_config(const NpmConfigSources& sources) {
  ConfigBuilder builder;
  for (const auto& path : sources.npmrc_files) {
    auto text = read_file(path);
    if (!text) {
      continue;  // listed files may disappear; npm skips missing ones too
    }
    for (const auto& entry : parse_npmrc(*text, process_env)) {
      builder.add(entry, path);
    }
  }
  builder.finish_auth();
  NpmConfig config = std::move(builder.config);
  if (!sources.replace_registry_host.empty()) {
    config.replace_registry_host = sources.replace_registry_host;
  } else if (!builder.replace_registry_host.empty()) {
    config.replace_registry_host = builder.replace_registry_host;
  }

  auto choose = [&](const std::string& url, const std::string& where) -> Result<NpmConfig> {
    if (!is_http_url(url)) {
      return make_error(ErrorKind::invalid, where +
                                                ": expected an http(s) URL for the npm "
                                                "registry, got '" +
                                                redact_url(url) + "'");
    }
    config.registry = with_slash(url);
    config.where = where;
    return config;
  };
  if (!sources.cli_registry.empty()) {
    return choose(sources.cli_registry, "--registry");
  }
  if (!sources.env_registry.empty()) {
    return choose(sources.env_registry, "npm_config_registry");
  }
  if (!builder.file_registry.empty()) {
    config.registry = builder.file_registry;
    config.where = builder.file_registry_where;
    return config;
  }
  if (sources.ask_npm) {
    ProcessOutput out = ask_npm_registry(sources.npm_timeout_ms, sources.npm_answer_file);
    const std::string& line = out.out;
    if (out.exit_code == 0 && is_http_url(line)) {
      config.registry = with_slash(line);
      config.where = "npm config get registry";
      return config;
    }
    if (out.timed_out) {
      return make_error(ErrorKind::not_found,
                        std::string(k_how_to_configure) + " (`npm config get registry` gave no " +
                            "answer within " + std::to_string(sources.npm_timeout_ms) + " ms)");
    }
  }
  return make_error(ErrorKind::not_found, std::string(k_how_to_configure));
}

std::vector<std::string> default_npmrc_files(const std::string& project_dir) {
  std::vector<std::string> candidates;
  if (!project_dir.empty()) {
    candidates.push_back(with_slash(project_dir) + ".npmrc");
  }
  if (auto user = env_first({"npm_config_userconfig", "NPM_CONFIG_USERCONFIG"})) {
    candidates.push_back(*user);
  } else if (auto home = env_first({"HOME"})) {
    candidates.push_back(with_slash(*home) + ".npmrc");
  }
  if (auto global = env_first({"npm_config_globalconfig", "NPM_CONFIG_GLOBALCONFIG"})) {
    candidates.push_back(*global);
  } else {
    candidates.push_back(npm_prefix() + "/etc/npmrc");
  }
  std::vector<std::string> existing;
  for (auto& c : candidates) {
    if (file_exists(c)) {
      existing.push_back(std::move(c));
    }
  }
  return existing;
}

NpmConfigSources default_npm_config_sources(const std::string& project_dir,
                                            const std::string& cli_registry,
                                            const std::string& npm_answer_file) {
  NpmConfigSources sources;
  sources.cli_registry = cli_registry;
  sources.npm_answer_file = npm_answer_file;
  if (auto env = env_first({"npm_config_registry", "NPM_CONFIG_REGISTRY"})) {
    sources.env_registry = *env;
  }
  sources.npmrc_files = default_npmrc_files(project_dir);
  if (auto replace =
          env_first({"npm_config_replace_registry_host", "NPM_CONFIG_REPLACE_REGISTRY_HOST"})) {
    sources.replace_registry_host = *replace;
  }
  return sources;
}

}  // namespace tarsier
