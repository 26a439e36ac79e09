// Small helpers for URLs taken from configuration, lockfiles and registry metadata.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// Lower-cased scheme ("https"), or "" when `url` has no "scheme://".
std::string url_scheme(std::string_view url);

// True for "http://host..." or "https://host..." with a non-empty host and no whitespace.
bool is_http_url(std::string_view url);

// The URL with any "user:password@" removed and cut to a readable length, for messages.
std::string redact_url(std::string_view url);

// The "user:password" (or "user") before '@' in the authority; "" when there is none.
std::string url_userinfo(std::string_view url);

// "host[:port]" lower-cased, without user info; "" when `url` has no "scheme://host".
std::string url_hostport(std::string_view url);

// The path without query or fragment ("/a/b"); "/" when the URL has none.
std::string url_path(std::string_view url);

// The last path segment without query or fragment ("lodash-4.17.21.tgz"), "" if none.
std::string url_file_name(std::string_view url);

// "%XX" sequences decoded ("p%40ss" -> "p@ss"); anything else, malformed escapes included, kept.
std::string percent_decode(std::string_view text);

}  // namespace tarsier
