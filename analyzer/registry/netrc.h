// The ~/.netrc format as pip (through requests) and curl read it: whitespace-separated tokens,
// `machine NAME`, `default`, `login`, `password`, `account`, `macdef` bodies skipped, '#'
// comments. Only used to find Basic credentials for a package index host.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

struct NetrcEntry {
  std::string machine;  // lower-cased host; "" for the `default` entry
  std::string login;
  std::string password;
};

struct NetrcFile {
  std::vector<NetrcEntry> entries;  // in file order
  // Problems that skipped part of the file ("path:line:col: ..."); never contain credentials.
  std::vector<std::string> warnings;

  // The first entry for `host` (case-insensitive), else the `default` entry; nullopt when
  // neither exists or it has no login.
  std::optional<NetrcEntry> lookup(std::string_view host) const;
};

// Parses netrc text; `display_path` is used in warnings. Never fails.
NetrcFile parse_netrc(std::string_view text, const std::string& display_path);

}  // namespace tarsier
