// Where a locked package comes from, judged from its resolved URL or specifier. Shared by every
// format so "git", "http", "file" mean the same thing everywhere (PackageRef::source).
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// "git" for git URLs and hosted-git shorthands (git+https:, git://, github:, gitlab:,
// bitbucket:, ssh git), "file" for file: URLs and relative or absolute paths, "http" for any
// other http(s) URL, "" when `url` is empty or not a URL at all (e.g. a plain version).
std::string source_of_url(std::string_view url);

// True when `url` is an npm registry tarball of `name`: ".../<name>/-/<basename>-<ver>.tgz".
// Other http URLs are plain tarball downloads ("http" source).
bool is_npm_registry_tarball(std::string_view url, std::string_view name);

// The host of an http(s) URL, lower-cased and without credentials or port; "" otherwise.
std::string host_of_url(std::string_view url);

// `url` with any "user:password@" removed, so credentials never reach output or storage.
std::string strip_url_credentials(std::string_view url);

}  // namespace tarsier
