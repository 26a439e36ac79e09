#include "analyzer/util/python_name.h"

namespace tarsier {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string normalize_project_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      pending_separator = true;
      continue;
    }
    if (pending_separator && !out.empty()) {
      out += '-';
    }
    pending_separator = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool is_valid_project_name(std::string_view name) {
  if (name.empty() || name.size() > 200 || !is_alnum(name.front()) || !is_alnum(name.back())) {
    return false;
  }
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace tarsier
