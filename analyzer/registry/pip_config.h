// Where Python packages come from: the package index (PEP 503 "Simple" repository) and its
// credentials, read from the user's configuration the way pip reads it.
//
// Index URL precedence: --index-url, then PIP_INDEX_URL, then the pip configuration files, then
// pip's own default (PyPI's public Simple index). Extra indexes: PIP_EXTRA_INDEX_URL, else the
// files' extra-index-url (whitespace-separated lists). In the files (first file in
// PipConfigSources::config_files wins for a key), an [install] value overrides a [global] one
// from any file, as pip's per-command sections do. Key spellings `index_url` and `index-url`
// are the same key. PIP_CONFIG_FILE=/dev/null disables every file, as in pip.
//
// Credentials: "user:password@" in an index URL, and ~/.netrc ($NETRC) entries, become Basic
// auth for that host only ("host[:port]"); a netrc `default` entry applies only to the hosts of
// configured indexes. Credentials are removed from every URL this module hands out and never
// appear in a warning or an error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"
#include "analyzer/registry/netrc.h"

namespace tarsier {

// pip's default index; used only when nothing is configured.
inline constexpr std::string_view k_default_pip_index = "https://pypi.org/simple/";

// Inputs for resolving the configuration; every field is optional so tests can pin them.
struct PipConfigSources {
  std::string cli_index_url;                       // --index-url
  std::optional<std::string> env_index_url;        // PIP_INDEX_URL
  std::optional<std::string> env_extra_index_url;  // PIP_EXTRA_INDEX_URL
  std::vector<std::string> config_files;           // priority order; missing files are skipped
  std::string netrc_file;                          // "" = no netrc
};

struct PipConfig {
  std::string index_url;                      // no credentials, ends with '/'
  std::vector<std::string> extra_index_urls;  // same form; asked when the primary 404s
  std::string where;  // where index_url came from: "--index-url", "PIP_INDEX_URL",
                      // "path:line:col" or "default"
  // Problems that did not stop loading ("path:line:col: ..."); never contain credentials.
  std::vector<std::string> warnings;

  // The project page: <index><PEP 503 normalised name>/ (index: index_url by default).
  std::string project_url(std::string_view name, const std::string& index = "") const;

  // "Authorization: Basic ..." for a URL whose host has credentials; nullopt otherwise.
  std::optional<std::string> auth_header_for(std::string_view url) const;

  // Credentials from index URLs by "scheme://host[:port]" (lower-cased, default port dropped):
  // base64("user:password").
  std::map<std::string, std::string> url_credentials;
  NetrcFile netrc;
};

// Resolves the configuration from `sources` (and nothing else); an error for a configured index
// that is not an http(s) URL.
Result<PipConfig> load_pip_config(const PipConfigSources& sources);

// The files pip would read, highest priority first: $PIP_CONFIG_FILE,
// $XDG_CONFIG_HOME/pip/pip.conf (else ~/.config/pip/pip.conf), ~/.pip/pip.conf, /etc/pip.conf,
// then pip.conf in each $XDG_CONFIG_DIRS entry (else /etc/xdg). Nothing when PIP_CONFIG_FILE
// is /dev/null.
std::vector<std::string> default_pip_config_files();

// Sources as pip would see them from the process environment, plus the CLI's --index-url.
PipConfigSources default_pip_config_sources(const std::string& cli_index_url);

// "host[:port]" of an http(s) URL, lower-cased, without user info or a default port; "" when
// the URL is not http(s).
std::string url_host_key(std::string_view url);

}  // namespace tarsier
