// Where npm packages come from: the registry base URL, per-scope registries and per-host
// credentials, read from the user's configuration exactly as npm reads it. No registry host is
// built in; a missing configuration is an error the caller reports.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tarsier {

// Inputs for resolving the configuration; every field is optional so tests can pin them.
struct NpmConfigSources {
  std::string cli_registry;             // --registry
  std::string env_registry;             // npm_config_registry / NPM_CONFIG_REGISTRY
  std::vector<std::string> npmrc_files;  // in priority order: project, user, global
  bool ask_npm = true;                   // fall back to `npm config get registry`
};

// Credentials for one host prefix ("//host[:port]/path/"). Never printed, logged or stored.
struct RegistryAuth {
  std::string token;     // _authToken
  std::string basic;     // _auth (base64 user:pass) or built from username/_password
};

struct NpmConfig {
  std::string registry;                              // base URL, always ends with '/'
  std::map<std::string, std::string> scope_registry;  // "@scope" -> base URL ending with '/'
  std::map<std::string, RegistryAuth> auth;           // "//host/path/" -> credentials
  std::string where;                                  // where `registry` came from, for messages

  // Base URL for a package name (its scope's registry, else the default).
  std::string registry_for(const std::string& name) const;
  // Packument URL: <registry><name with '/' as %2f>.
  std::string packument_url(const std::string& name) const;
  // Conventional tarball URL: <registry><name>/-/<basename>-<version>.tgz.
  std::string tarball_url(const std::string& name, const std::string& version) const;
  // "Authorization: ..." header for a URL, when credentials exist for its host prefix.
  std::optional<std::string> auth_header_for(const std::string& url) const;
};

// Resolves the configuration from `sources` and the environment (HOME, npm_config_userconfig,
// npm_config_globalconfig). Returns nullopt and sets `error` when no registry is configured.
std::optional<NpmConfig> load_npm_config(const NpmConfigSources& sources, std::string* error);

// The .npmrc files npm would read for a project directory: project, user, global (existing only).
std::vector<std::string> default_npmrc_files(const std::string& project_dir);

}  // namespace tarsier
