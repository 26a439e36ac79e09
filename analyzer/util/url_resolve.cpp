#include "analyzer/util/url_resolve.h"

#include <vector>

namespace tarsier {
namespace {

bool is_scheme_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return alpha || (!first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
}

// Length of "scheme:" at the start of `url`, 0 when there is none.
size_t scheme_length(std::string_view url) {
  for (size_t i = 0; i < url.size(); ++i) {
    if (url[i] == ':') {
      return i > 0 ? i + 1 : 0;
    }
    if (!is_scheme_char(url[i], i == 0)) {
      return 0;
    }
  }
  return 0;
}

// RFC 3986 5.2.4: drops "." segments and lets ".." remove the segment before it.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  bool absolute = !path.empty() && path.front() == '/';
  size_t pos = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    std::string_view segment = path.substr(pos, end - pos);
    bool last = end == path.size();
    if (segment == ".") {
      trailing_slash = last;
    } else if (segment == "..") {
      if (!out.empty()) {
        out.pop_back();
      }
      trailing_slash = last;
    } else {
      out.push_back(segment);
      trailing_slash = false;
    }
    pos = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) {
      result += '/';
    }
    result += out[i];
  }
  if (trailing_slash && (result.empty() || result.back() != '/')) {
    result += '/';
  }
  return result;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view reference) {
  size_t base_scheme = scheme_length(base);
  if (scheme_length(reference) > 0) {
    return std::string(reference);
  }
  if (base_scheme == 0 || base.substr(base_scheme, 2) != "//") {
    return std::string(reference);
  }
  base = base.substr(0, base.find('#'));
  if (reference.substr(0, 2) == "//") {
    return std::string(base.substr(0, base_scheme)) + std::string(reference);
  }
  size_t authority_end = base.find_first_of("/?", base_scheme + 2);
  if (authority_end == std::string_view::npos) {
    authority_end = base.size();
  }
  std::string origin(base.substr(0, authority_end));
  std::string_view base_rest = base.substr(authority_end);
  std::string_view base_path = base_rest.substr(0, base_rest.find('?'));

  if (reference.empty()) {
    return std::string(base);
  }
  if (reference.front() == '#') {
    return std::string(base) + std::string(reference);
  }
  if (reference.front() == '?') {
    return origin + std::string(base_path) + std::string(reference);
  }
  size_t tail_start = reference.find_first_of("?#");
  std::string_view ref_path = reference.substr(0, tail_start);
  std::string_view ref_tail =
      tail_start == std::string_view::npos ? std::string_view() : reference.substr(tail_start);
  std::string merged;
  if (ref_path.front() == '/') {
    merged = std::string(ref_path);
  } else {
    size_t slash = base_path.rfind('/');
    merged = (slash == std::string_view::npos ? std::string("/")
                                              : std::string(base_path.substr(0, slash + 1))) +
             std::string(ref_path);
  }
  return origin + remove_dot_segments(merged) + std::string(ref_tail);
}

}  // namespace tarsier
