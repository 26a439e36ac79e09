#include "parsers/common/sources.h"

#include <array>
#include <cctype>

namespace tarsier {

namespace {

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  for (auto prefix : prefixes) {
    if (text.substr(0, prefix.size()) == prefix) {
      return true;
    }
  }
  return false;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string source_of_url(std::string_view url) {
  if (url.empty()) {
    return "";
  }
  if (starts_with_any(url, {"git+", "git://", "git@",
                            "github:", "gitlab:", "bitbucket:", "gist:", "ssh://git@"})) {
    return "git";
  }
  if (starts_with_any(url, {"file:", "link:", "portal:", "/", "./", "../", "~/"})) {
    return "file";
  }
  if (starts_with_any(url, {"http://", "https://"})) {
    // Hosted git repositories fetched over http still come from git.
    if (ends_with(url.substr(0, url.find('#')), ".git")) {
      return "git";
    }
    return "http";
  }
  return "";
}

bool is_npm_registry_tarball(std::string_view url, std::string_view name) {
  if (!starts_with_any(url, {"http://", "https://"})) {
    return false;
  }
  url = url.substr(0, url.find_first_of("?#"));
  if (!ends_with(url, ".tgz")) {
    return false;
  }
  // Scoped names appear as "@scope/name" or "@scope%2fname" before "/-/".
  size_t marker = url.rfind("/-/");
  if (marker == std::string_view::npos) {
    return false;
  }
  std::string_view before = url.substr(0, marker);
  std::string plain(name);
  std::string encoded = plain;
  if (size_t slash = encoded.find('/'); slash != std::string::npos) {
    encoded.replace(slash, 1, "%2f");
  }
  auto matches = [&](const std::string& candidate) {
    if (!ends_with(before, candidate)) {
      return false;
    }
    size_t at = before.size() - candidate.size();
    return at > 0 && before[at - 1] == '/';
  };
  if (name.empty()) {
    return true;
  }
  std::string upper = encoded;
  if (size_t pct = upper.find("%2f"); pct != std::string::npos) {
    upper.replace(pct, 3, "%2F");
  }
  return matches(plain) || matches(encoded) || matches(upper);
}

std::string host_of_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return "";
  }
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest[0] == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  for (char& c : host) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return host;
}

std::string strip_url_credentials(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return std::string(url);
  }
  size_t authority_end = url.find_first_of("/?#", scheme + 3);
  std::string_view authority =
      url.substr(scheme + 3, authority_end == std::string_view::npos ? std::string_view::npos
                                                                     : authority_end - scheme - 3);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) {
    return std::string(url);
  }
  std::string out(url.substr(0, scheme + 3));
  out += url.substr(scheme + 3 + at + 1);
  return out;
}

}  // namespace tarsier
