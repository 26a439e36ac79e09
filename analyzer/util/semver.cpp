#include "analyzer/util/semver.h"

namespace tarsier {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 18) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_dots(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find('.', start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

}  // namespace

std::optional<SemVer> parse_semver(std::string_view text) {
  text = trim(text);
  if (!text.empty() && (text.front() == 'v' || text.front() == '=')) {
    text.remove_prefix(1);
  }
  if (auto plus = text.find('+'); plus != std::string_view::npos) {
    text = text.substr(0, plus);
  }
  SemVer v;
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    for (auto id : split_dots(text.substr(dash + 1))) {
      if (id.empty()) {
        return std::nullopt;
      }
      v.pre.emplace_back(id);
    }
    text = text.substr(0, dash);
  }
  auto parts = split_dots(text);
  if (parts.size() != 3) {
    return std::nullopt;
  }
  for (size_t i = 0; i < 3; ++i) {
    if (!all_digits(parts[i])) {
      return std::nullopt;
    }
    v.part[i] = std::stoull(std::string(parts[i]));
  }
  return v;
}

int compare_semver(const SemVer& a, const SemVer& b) {
  for (int i = 0; i < 3; ++i) {
    if (a.part[i] != b.part[i]) {
      return a.part[i] < b.part[i] ? -1 : 1;
    }
  }
  if (a.pre.empty() || b.pre.empty()) {
    return a.pre.empty() == b.pre.empty() ? 0 : (a.pre.empty() ? 1 : -1);
  }
  for (size_t i = 0; i < a.pre.size() && i < b.pre.size(); ++i) {
    bool an = all_digits(a.pre[i]), bn = all_digits(b.pre[i]);
    if (an && bn) {
      uint64_t x = std::stoull(a.pre[i]), y = std::stoull(b.pre[i]);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    } else if (an != bn) {
      return an ? -1 : 1;  // numeric identifiers sort before alphanumeric ones
    } else if (a.pre[i] != b.pre[i]) {
      return a.pre[i] < b.pre[i] ? -1 : 1;
    }
  }
  return a.pre.size() == b.pre.size() ? 0 : (a.pre.size() < b.pre.size() ? -1 : 1);
}

}  // namespace tarsier
