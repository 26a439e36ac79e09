#include "parsers/npm/npm_names.h"

#include "parsers/common/sources.h"

namespace tarsier {

std::string_view name_from_node_modules_path(std::string_view key) {
  constexpr std::string_view k_marker = "node_modules/";
  size_t at = key.rfind(k_marker);
  if (at == std::string_view::npos || (at > 0 && key[at - 1] != '/')) {
    return {};
  }
  return key.substr(at + k_marker.size());
}

bool split_name_at(std::string_view spec, std::string* name, std::string* rest) {
  size_t search_from = !spec.empty() && spec[0] == '@' ? 1 : 0;
  size_t at = spec.find('@', search_from);
  if (at == std::string_view::npos || at == 0) {
    return false;
  }
  *name = std::string(spec.substr(0, at));
  *rest = std::string(spec.substr(at + 1));
  return true;
}

bool valid_npm_name(std::string_view name) {
  if (name.empty() || name.size() > 214 || name == "." || name == "..") {
    return false;
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '\\' || c == '"' || c == '\'') {
      return false;
    }
  }
  size_t slash = name.find('/');
  if (name[0] == '@') {
    // "@scope/name": exactly one slash with something on both sides.
    return slash != std::string_view::npos && slash > 1 && slash + 1 < name.size() &&
           name.find('/', slash + 1) == std::string_view::npos;
  }
  return slash == std::string_view::npos;
}

void apply_npm_version_spec(std::string_view spec, std::string_view local_name, PackageRef* ref) {
  if (spec.substr(0, 4) == "npm:") {
    std::string real;
    std::string version;
    if (split_name_at(spec.substr(4), &real, &version)) {
      if (real != local_name) {
        ref->alias = std::string(local_name);
      }
      ref->name = real;
      ref->version = version;
      return;
    }
  }
  std::string source = source_of_url(spec);
  if (source.empty()) {
    ref->version = std::string(spec);
    return;
  }
  ref->source = source;
  if (ref->resolved.empty()) {
    ref->resolved = strip_url_credentials(spec);
  }
}

void classify_npm_resolved(PackageRef* ref) {
  if (ref->resolved.empty() || ref->source == "link" || ref->source == "workspace") {
    return;
  }
  std::string source = source_of_url(ref->resolved);
  if (source == "http" && is_npm_registry_tarball(ref->resolved, ref->name)) {
    source = "registry";
  }
  if (!source.empty()) {
    ref->source = source;
  }
}

}  // namespace tarsier
