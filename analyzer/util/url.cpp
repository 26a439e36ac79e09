#include "analyzer/util/url.h"

#include "analyzer/util/ascii.h"

namespace tarsier {
namespace {

// Splits "scheme://authority/path" into the authority (user info included) and what follows.
bool split_authority(std::string_view url, std::string_view* authority, std::string_view* tail,
                     size_t* authority_start) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return false;
  }
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) {
    end = url.size();
  }
  *authority = url.substr(start, end - start);
  *tail = url.substr(end);
  *authority_start = start;
  return true;
}

}  // namespace

std::string url_scheme(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return "";
  }
  std::string scheme(url.substr(0, sep));
  for (auto& c : scheme) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return scheme;
}

bool is_http_url(std::string_view url) {
  std::string scheme = url_scheme(url);
  if (scheme != "http" && scheme != "https") {
    return false;
  }
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) {
    return false;
  }
  std::string_view authority, tail;
  size_t start = 0;
  if (!split_authority(url, &authority, &tail, &start)) {
    return false;
  }
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  return !authority.empty() && authority.front() != ':';
}

std::string redact_url(std::string_view url) {
  constexpr size_t k_max = 300;
  std::string out;
  std::string_view authority, tail;
  size_t start = 0;
  if (split_authority(url, &authority, &tail, &start) &&
      authority.find('@') != std::string_view::npos) {
    out = std::string(url.substr(0, start)) +
          std::string(authority.substr(authority.rfind('@') + 1)) + std::string(tail);
  } else {
    out = std::string(url);
  }
  if (out.size() > k_max) {
    out.resize(k_max);
    out += "...";
  }
  return out;
}

std::string url_userinfo(std::string_view url) {
  std::string_view authority, tail;
  size_t start = 0;
  if (!split_authority(url, &authority, &tail, &start)) {
    return "";
  }
  size_t at = authority.rfind('@');
  return at == std::string_view::npos ? "" : std::string(authority.substr(0, at));
}

std::string url_hostport(std::string_view url) {
  std::string_view authority, tail;
  size_t start = 0;
  if (!split_authority(url, &authority, &tail, &start)) {
    return "";
  }
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string host(authority);
  for (auto& c : host) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return host;
}

std::string url_path(std::string_view url) {
  std::string_view authority, tail;
  size_t start = 0;
  if (split_authority(url, &authority, &tail, &start)) {
    url = tail;
  }
  url = url.substr(0, url.find_first_of("?#"));
  return url.empty() ? "/" : std::string(url);
}

std::string url_file_name(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  std::string_view authority, tail;
  size_t start = 0;
  if (split_authority(url, &authority, &tail, &start)) {
    url = tail;
  }
  size_t slash = url.rfind('/');
  return std::string(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    int high = i + 2 < text.size() ? hex_digit_value(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_digit_value(text[i + 2]) : -1;
    if (text[i] == '%' && high >= 0 && low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace tarsier
