// Where npm packages come from: the registry base URL, per-scope registries and per-host
// credentials, read from the user's configuration exactly as npm reads it. No registry host is
// built in; a missing configuration is an error the caller reports.
//
// Precedence for the default registry: --registry, then npm_config_registry /
// NPM_CONFIG_REGISTRY, then the .npmrc files in order (project, user, global), then
// `npm config get registry` when npm is installed. Scope registries and credentials merge the
// .npmrc files with the same order (the first file that sets a key wins).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

// Inputs for resolving the configuration; every field is optional so tests can pin them.
struct NpmConfigSources {
  std::string cli_registry;              // --registry
  std::string env_registry;              // npm_config_registry / NPM_CONFIG_REGISTRY
  std::vector<std::string> npmrc_files;  // in priority order: project, user, global
  bool ask_npm = true;                   // fall back to `npm config get registry`
  long npm_timeout_ms = 20000;           // for the `npm config get registry` fallback
  std::string npm_answer_file;  // where npm's answer is remembered (npm_answer.h); "" = nowhere
  std::string replace_registry_host;  // npm_config_replace_registry_host ("" = from .npmrc)
};

// Credentials for one host prefix ("//host[:port]/path/"). Never printed, logged or stored.
struct RegistryAuth {
  std::string token;  // _authToken
  std::string basic;  // _auth (base64 user:pass) or built from username/_password
};

struct NpmConfig {
  std::string registry;                               // base URL, always ends with '/'
  std::map<std::string, std::string> scope_registry;  // "@scope" -> base URL ending with '/'
  std::map<std::string, RegistryAuth> auth;           // "//host/path/" -> credentials
  std::string where;                                  // where `registry` came from, for messages
  // npm's replace-registry-host: which lockfile `resolved` URLs are fetched from the configured
  // registry instead. "never"; "always"; a host name; or "npmjs" (npm's default), which here
  // means any host the configuration does not mention. Integrity is verified either way.
  std::string replace_registry_host = "npmjs";
  // npm's cafile: a CA bundle (PEM) for TLS verification ("" = none); used when --cacert is not
  // given. A relative path is taken from the folder of the .npmrc that sets it.
  std::string cafile;
  // Problems in the .npmrc files that did not stop loading ("path:line:col: ..."); never
  // contain credential values.
  std::vector<std::string> warnings;

  // Base URL for a package name (its scope's registry, else the default).
  std::string registry_for(const std::string& name) const;
  // Packument URL: <registry><name with '/' as %2f>.
  std::string packument_url(const std::string& name) const;
  // Conventional tarball URL: <registry><name>/-/<basename>-<version>.tgz.
  std::string tarball_url(const std::string& name, const std::string& version) const;
  // "Authorization: ..." header for a URL, when credentials exist for its host prefix: the
  // URL's "//host[:port]/dir/" must start with the credential's key; the longest key wins.
  std::optional<std::string> auth_header_for(const std::string& url) const;
};

// Resolves the configuration from `sources` (and nothing else). An error when no registry is
// configured (ErrorKind::not_found) or a configured one is not an http(s) URL.
Result<NpmConfig> load_npm_config(const NpmConfigSources& sources);

// The .npmrc files npm would read for a project directory: project, user
// ($npm_config_userconfig or ~/.npmrc), global ($npm_config_globalconfig or
// <prefix>/etc/npmrc); existing files only.
std::vector<std::string> default_npmrc_files(const std::string& project_dir);

// Sources as npm would see them from the environment: env_registry from npm_config_registry /
// NPM_CONFIG_REGISTRY and npmrc_files from default_npmrc_files(project_dir); npm's own answer,
// when it is asked, is remembered in `npm_answer_file` ("" = not remembered).
NpmConfigSources default_npm_config_sources(const std::string& project_dir,
                                            const std::string& cli_registry,
                                            const std::string& npm_answer_file = "");

// "//host[:port]/dir/" of an http(s) URL as npm keys credentials ("nerf dart"); "" when the
// URL is not http(s). Default ports are dropped and the host is lower-cased.
std::string registry_auth_key(const std::string& url);

}  // namespace tarsier
