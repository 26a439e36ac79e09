// Yarn Berry (2+) lockfiles: YAML, one mapping per resolution, keyed by the comma-separated
// descriptors that resolved to it. `checksum` hashes Yarn's own zip of the package, not the
// registry tarball, so it is not usable as integrity: the fetcher takes the registry's.
#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/common/yaml_document.h"
#include "parsers/npm/npm_names.h"
#include "parsers/npm/yarn_lock.h"

namespace tarsier {

namespace {

// The resolution "name@protocol:rest" decides the source.
void apply_resolution(const std::string& resolution, PackageRef* ref) {
  std::string name;
  std::string rest;
  if (!split_name_at(resolution, &name, &rest)) {
    return;
  }
  ref->name = name;
  if (rest.substr(0, 4) == "npm:") {
    ref->source = "registry";
    return;
  }
  if (rest.substr(0, 10) == "workspace:") {
    ref->source = "workspace";
    return;
  }
  if (rest.substr(0, 5) == "link:" || rest.substr(0, 7) == "portal:") {
    ref->source = "link";
    return;
  }
  std::string source = source_of_url(rest);
  // Berry writes git dependencies as "https://host/repo.git#commit=<sha>".
  if (source == "http" && rest.find("#commit=") != std::string::npos) {
    source = "git";
  }
  if (!source.empty()) {
    ref->source = source;
    ref->resolved = strip_url_credentials(rest);
  }
}

// The descriptors of an entry key: "a@npm:^1.0.0, a@npm:^1.1.0".
std::vector<std::string> split_descriptors(const std::string& key) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= key.size()) {
    size_t comma = key.find(',', start);
    std::string one(trim_space(std::string_view(key).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (!one.empty()) {
      out.push_back(std::move(one));
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

// The package just read (the last one) into the graph: its descriptors and dependencies.
void add_berry_edges(const YAML::Node& key, const YAML::Node& entry,
                     std::vector<PackageRef>& packages, YarnGraph* graph) {
  size_t index = packages.size() - 1;
  graph->add_entry(index, split_descriptors(key.Scalar()), packages[index].source == "workspace");
  for (const auto& [section, kind] : {std::pair{"dependencies", DependencyKind::required},
                                      std::pair{"optionalDependencies", DependencyKind::optional},
                                      std::pair{"devDependencies", DependencyKind::dev}}) {
    YAML::Node deps = yaml_child(entry, section);
    for (auto dep = deps.begin(); deps.IsMap() && dep != deps.end(); ++dep) {
      if (dep->first.IsScalar() && dep->second.IsScalar()) {
        graph->add_dependency(index, dep->first.Scalar(), dep->second.Scalar(), kind);
      }
    }
  }
}

// One entry: a package, or an error at its key.
void read_entry(const YAML::Node& key, const YAML::Node& entry, const std::string& path,
                LockfileResult* out) {
  LockfileResult& result = *out;
  const std::string& descriptors = key.Scalar();
  if (!entry.IsMap()) {
    result.errors.push_back(
        yaml_error_at(path, key, "expected a mapping for entry " + quote_text(descriptors)));
    return;
  }
  std::string resolution = yaml_string(entry, "resolution");
  if (resolution.substr(0, resolution.find('@', 1)).empty() ||
      resolution.find("@patch:") != std::string::npos) {
    if (resolution.empty()) {
      result.errors.push_back(
          yaml_error_at(path, key, "missing \"resolution\" for entry " + quote_text(descriptors)));
    }
    // A patch: entry is a locally patched copy of an npm entry that is listed on its own.
    return;
  }
  PackageRef ref;
  ref.lockfile = path;
  ref.line = yaml_line(key);
  ref.version = yaml_string(entry, "version");
  apply_resolution(resolution, &ref);
  // An alias shows in the descriptors: "my-ms@npm:ms@2.0.0" resolved as "ms@npm:2.0.0".
  std::string real_name = ref.name;
  std::string first = descriptors.substr(0, descriptors.find(", "));
  std::string local;
  std::string range;
  if (split_name_at(first, &local, &range) && local != real_name) {
    ref.alias = local;
  }
  if (ref.source == "workspace" || ref.source == "link") {
    ref.resolved = resolution.substr(resolution.find(':', real_name.size()) + 1);
  } else if (ref.version.empty()) {
    result.errors.push_back(
        yaml_error_at(path, key, "missing \"version\" for entry " + quote_text(descriptors)));
    return;
  }
  if (!valid_npm_name(ref.name)) {
    result.errors.push_back(
        yaml_error_at(path, key, "expected a valid package name, got " + quote_text(ref.name)));
    return;
  }
  result.packages.push_back(std::move(ref));
}

}  // namespace

LockfileResult parse_yarn_berry(std::string_view text, const std::string& path) {
  LockfileResult result;
  YAML::Node root;
  if (!load_yaml_lockfile(text, path, "a Yarn lockfile", &root, &result)) {
    return result;
  }
  YarnGraph graph;
  for (auto it = root.begin(); it != root.end(); ++it) {
    YAML::Node key = it->first;
    if (!key.IsScalar() || key.Scalar() == "__metadata") {
      continue;
    }
    size_t before = result.packages.size();
    read_yaml_entry(path, key, &result, [&] { read_entry(key, it->second, path, &result); });
    if (result.packages.size() > before) {
      read_yaml_entry(path, key, &result,
                      [&] { add_berry_edges(key, it->second, result.packages, &graph); });
    }
  }
  graph.assign_paths(&result.packages);
  return result;
}

}  // namespace tarsier
