// pnpm-lock.yaml, lockfile versions 5.x ("/name/1.0.0_peer@2"), 6.0 ("/name@1.0.0(peer@2)")
// and 9.0 ("name@1.0.0" in `packages`, the dependency graph in `snapshots`). Registry packages
// carry only `resolution.integrity`; other sources add `tarball`, `repo`/`commit` or
// `directory`. Version 9 drops the per-package `dev` flag, so dev-only packages are found by
// walking the graph from the importers.
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "analyzer/ecosystem/npm/npm.h"
#include "parsers/common/dependency_scope.h"
#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/common/yaml_document.h"
#include "parsers/formats.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

namespace {

struct KeyParts {
  std::string name;
  std::string version;
};

std::string strip_peer_suffix(std::string_view key, bool slash_scheme) {
  if (!slash_scheme) {
    // 6.0 keys start with '/', 9.0 keys do not; compare them without it.
    if (!key.empty() && key[0] == '/') {
      key.remove_prefix(1);
    }
    return std::string(key.substr(0, key.find('(')));
  }
  // 5.x: "/name/1.0.0_peer@2.0.0+other@1.0.0"; the suffix starts at the first '_' after the
  // last '/' (names may contain '_', versions may not).
  size_t last_slash = key.rfind('/');
  size_t underscore = key.find('_', last_slash == std::string_view::npos ? 0 : last_slash);
  return std::string(key.substr(0, underscore));
}

// "name@version" or "/name/version" (peers already stripped) into its parts.
bool split_key(std::string_view key, bool slash_scheme, KeyParts* parts) {
  if (!key.empty() && key[0] == '/') {
    key.remove_prefix(1);
  }
  if (slash_scheme) {
    size_t slash = key.rfind('/');
    if (slash == std::string_view::npos || slash == 0) {
      return false;
    }
    parts->name = std::string(key.substr(0, slash));
    parts->version = std::string(key.substr(slash + 1));
    return !parts->version.empty();
  }
  return split_name_at(key, &parts->name, &parts->version) && !parts->version.empty();
}

// The dependency value of an importer or snapshot (`1.0.0`, `1.0.0(peer@1)`, an alias target
// `ms@2.0.0`, 5.x `/ms/2.0.0`, `link:../x`) as the `packages` key it refers to, without peers.
std::string referenced_key(const std::string& dep_name, const std::string& value,
                           bool slash_scheme) {
  std::string stripped = strip_peer_suffix(value, slash_scheme);
  if (slash_scheme) {
    return !stripped.empty() && stripped[0] == '/' ? stripped : "/" + dep_name + "/" + stripped;
  }
  std::string name;
  std::string version;
  if (!stripped.empty() && split_name_at(stripped, &name, &version) &&
      !std::isdigit(static_cast<unsigned char>(name[0]))) {
    return stripped;  // an alias target, "real@1.0.0"
  }
  return dep_name + "@" + stripped;
}

// Dependency values of an importer section: a scalar (5.x) or {specifier, version} (6.0+).
std::string dependency_value(const YAML::Node& value) {
  if (value.IsScalar()) {
    return value.Scalar();
  }
  return yaml_string(value, "version");
}

struct Graph {
  std::map<std::string, std::vector<std::string>> edges;  // packages key -> packages keys
  std::set<std::string> prod_roots;
  std::set<std::string> dev_roots;
  std::map<std::string, std::string> aliases;    // packages key -> local name
  std::map<std::string, std::string> links;      // local name -> linked path
  std::set<std::string> optional;                // 9.0: snapshots marked `optional: true`
  std::map<std::string, YAML::Node> root_nodes;  // root key -> where an importer names it
};

std::set<std::string> reachable(const Graph& graph, const std::set<std::string>& roots) {
  std::set<std::string> seen(roots.begin(), roots.end());
  std::vector<std::string> pending(roots.begin(), roots.end());
  while (!pending.empty()) {
    std::string key = std::move(pending.back());
    pending.pop_back();
    auto it = graph.edges.find(key);
    if (it == graph.edges.end()) {
      continue;
    }
    for (const auto& next : it->second) {
      if (seen.insert(next).second) {
        pending.push_back(next);
      }
    }
  }
  return seen;
}

void read_importer(const YAML::Node& importer, bool slash_scheme, Graph* graph) {
  for (const char* section : {"dependencies", "optionalDependencies", "devDependencies"}) {
    YAML::Node deps = yaml_child(importer, section);
    if (!deps.IsMap()) {
      continue;
    }
    bool dev = std::string_view(section) == "devDependencies";
    for (auto it = deps.begin(); it != deps.end(); ++it) {
      std::string name = it->first.Scalar();
      std::string value = dependency_value(it->second);
      if (value.empty()) {
        continue;
      }
      if (value.substr(0, 5) == "link:") {
        graph->links.emplace(name, value.substr(5));
        continue;
      }
      std::string key = referenced_key(name, value, slash_scheme);
      (dev ? graph->dev_roots : graph->prod_roots).insert(key);
      graph->root_nodes.emplace(key, it->first);
      KeyParts parts;
      if (split_key(key, slash_scheme, &parts) && parts.name != name) {
        graph->aliases.emplace(key, name);
      }
    }
  }
}

void read_edge_entry(const YAML::Node& key, const YAML::Node& entry, bool slash_scheme,
                     Graph* graph) {
  if (!key.IsScalar() || !entry.IsMap()) {
    return;
  }
  std::string from = strip_peer_suffix(key.Scalar(), slash_scheme);
  if (yaml_flag(entry, "optional")) {
    graph->optional.insert(from);
  }
  auto& edges = graph->edges[from];
  for (const char* section : {"dependencies", "optionalDependencies"}) {
    YAML::Node deps = yaml_child(entry, section);
    if (!deps.IsMap()) {
      continue;
    }
    for (auto dep = deps.begin(); dep != deps.end(); ++dep) {
      if (dep->first.IsScalar() && dep->second.IsScalar()) {
        edges.push_back(referenced_key(dep->first.Scalar(), dep->second.Scalar(), slash_scheme));
      }
    }
  }
}

void read_edges(const YAML::Node& entries, bool slash_scheme, const std::string& path, Graph* graph,
                LockfileResult* result) {
  for (auto it = entries.begin(); entries.IsMap() && it != entries.end(); ++it) {
    read_yaml_entry(path, it->first, result,
                    [&] { read_edge_entry(it->first, it->second, slash_scheme, graph); });
  }
}

void apply_resolution(const YAML::Node& resolution, PackageRef* ref) {
  ref->integrity = yaml_string(resolution, "integrity");
  std::string tarball = yaml_string(resolution, "tarball");
  std::string repo = yaml_string(resolution, "repo");
  std::string directory = yaml_string(resolution, "directory");
  if (!repo.empty() || yaml_string(resolution, "type") == "git") {
    ref->source = "git";
    ref->resolved = strip_url_credentials(repo) + "#" + yaml_string(resolution, "commit");
  } else if (!directory.empty()) {
    ref->source = "file";
    ref->resolved = directory;
  } else if (!tarball.empty()) {
    ref->resolved = strip_url_credentials(tarball);
    classify_npm_resolved(ref);
  }
}

// Importers that name registry versions `packages` does not list: a lockfile cut short (before
// `packages:`, or in the middle of it) must not read as a project without dependencies.
void report_missing_packages(const Graph& graph, const YAML::Node& packages, bool slash_scheme,
                             const std::string& path, LockfileResult* result) {
  std::set<std::string> listed;
  for (auto it = packages.begin(); packages.IsMap() && it != packages.end(); ++it) {
    if (it->first.IsScalar()) {
      listed.insert(strip_peer_suffix(it->first.Scalar(), slash_scheme));
    }
  }
  size_t missing = 0;
  std::string first;
  for (const auto* roots : {&graph.prod_roots, &graph.dev_roots}) {
    for (const auto& key : *roots) {
      KeyParts parts;
      bool registry_version = split_key(key, slash_scheme, &parts) &&
                              std::isdigit(static_cast<unsigned char>(parts.version[0]));
      if (registry_version && listed.count(key) == 0) {
        first = first.empty() ? key : first;
        ++missing;
      }
    }
  }
  if (missing > 0) {
    auto node = graph.root_nodes.find(first);
    result->errors.push_back(yaml_error_at(
        path, node == graph.root_nodes.end() ? packages : node->second,
        std::to_string(missing) + " dependencies of the importers (first: " + quote_text(first) +
            ") are missing from \"packages\": the lockfile is cut short or damaged"));
  }
}

void add_links(const Graph& graph, const std::string& path, LockfileResult* result) {
  for (const auto& [name, target] : graph.links) {
    PackageRef ref;
    ref.lockfile = path;
    ref.name = name;
    ref.source = "link";
    ref.resolved = target;
    if (valid_npm_name(name)) {
      result->packages.push_back(std::move(ref));
    }
  }
}

// Dependency paths of the packages this document added (from `first` on), whose `packages`
// keys (peers stripped) are `keys`, in the same order.
void assign_paths(const Graph& graph, const std::vector<std::string>& keys, size_t first,
                  LockfileResult* result) {
  std::map<std::string, size_t> node_of;
  for (size_t i = 0; i < keys.size(); ++i) {
    node_of.emplace(keys[i], first + i);
  }
  ScopeGraph paths(result->packages.size());
  auto node = [&](const std::string& key) {
    auto it = node_of.find(key);
    return it == node_of.end() ? std::optional<size_t>() : it->second;
  };
  for (const auto& [roots, kind] : {std::pair{&graph.prod_roots, DependencyKind::required},
                                    std::pair{&graph.dev_roots, DependencyKind::dev}}) {
    for (const auto& key : *roots) {
      if (auto to = node(key)) {
        paths.add_root_edge(*to, kind);
      }
    }
  }
  for (const auto& [from, tos] : graph.edges) {
    if (auto from_node = node(from)) {
      for (const auto& to : tos) {
        if (auto to_node = node(to)) {
          paths.add_edge(*from_node, *to_node, DependencyKind::required);
        }
      }
    }
  }
  paths.assign_paths(&result->packages);
}

// What every package entry of one document is read against.
struct DocumentContext {
  const std::string& path;
  bool slash_scheme = false;
  bool has_dev_flags = false;
  const Graph& graph;
  const std::set<std::string>& prod;
  const std::set<std::string>& dev;
  std::vector<std::string>& keys;  // the `packages` key of each package read, in order
};

// One entry of `packages`: a package, or an error at its key.
void read_package(const YAML::Node& key_node, const YAML::Node& entry, const DocumentContext& doc,
                  LockfileResult* result) {
  const std::string& path = doc.path;
  std::string key = key_node.IsScalar() ? key_node.Scalar() : "";
  if (!entry.IsMap()) {
    result->errors.push_back(
        yaml_error_at(path, key_node, "expected a mapping for package " + quote_text(key)));
    return;
  }
  std::string plain_key = strip_peer_suffix(key, doc.slash_scheme);
  PackageRef ref;
  ref.lockfile = path;
  ref.line = yaml_line(key_node);
  KeyParts parts;
  bool parsed = split_key(plain_key, doc.slash_scheme, &parts);
  // Non-registry entries carry their own name and version.
  ref.name = yaml_string(entry, "name");
  ref.version = yaml_string(entry, "version");
  if (ref.name.empty()) {
    ref.name = parts.name;
  }
  if (ref.version.empty() && parsed && source_of_url(parts.version).empty()) {
    ref.version = parts.version;
  }
  if (ref.name.empty() || (!parsed && yaml_string(entry, "name").empty())) {
    result->errors.push_back(yaml_error_at(
        path, key_node, "expected a package key like \"name@1.0.0\", got " + quote_text(key)));
    return;
  }
  apply_resolution(yaml_child(entry, "resolution"), &ref);
  if (ref.source == "registry" && !source_of_url(parts.version).empty()) {
    ref.source = source_of_url(parts.version);  // "name@https://..." (9.0) without tarball
  }
  if (ref.version.empty() && ref.source == "registry") {
    result->errors.push_back(
        yaml_error_at(path, key_node, "missing version for package " + quote_text(key)));
    return;
  }
  ref.has_install_script = yaml_flag(entry, "requiresBuild");
  ref.optional = yaml_flag(entry, "optional");
  if (doc.has_dev_flags) {
    ref.dev = yaml_flag(entry, "dev");
  } else {
    ref.dev = doc.prod.count(plain_key) == 0 && doc.dev.count(plain_key) > 0;
    ref.optional = doc.graph.optional.count(plain_key) > 0;
  }
  if (auto alias = doc.graph.aliases.find(plain_key); alias != doc.graph.aliases.end()) {
    ref.alias = alias->second;
  }
  if (!valid_npm_name(ref.name)) {
    result->errors.push_back(yaml_error_at(
        path, key_node, "expected a valid package name, got " + quote_text(ref.name)));
    return;
  }
  result->packages.push_back(std::move(ref));
  doc.keys.push_back(plain_key);
}

// One YAML document of the lockfile; false (fatal) when it is not a pnpm lockfile at all.
bool parse_document(const YAML::Node& root, const std::string& path, LockfileResult* result) {
  std::string version = yaml_string(root, "lockfileVersion");
  if (version.empty()) {
    result->errors.push_back(
        yaml_error_at(path, root, "not a pnpm lockfile: expected \"lockfileVersion\""));
    result->fatal = true;
    return false;
  }
  double major = std::atof(version.c_str());
  bool slash_scheme = major < 6;
  YAML::Node packages = yaml_child(root, "packages");
  if (!packages.IsNull() && !packages.IsMap()) {
    result->errors.push_back(
        yaml_error_at(path, packages, "expected \"packages\" to be a mapping"));
    result->fatal = true;
    return false;
  }
  Graph graph;
  YAML::Node importers = yaml_child(root, "importers");
  if (importers.IsMap()) {
    for (auto it = importers.begin(); it != importers.end(); ++it) {
      read_yaml_entry(path, it->first, result,
                      [&] { read_importer(it->second, slash_scheme, &graph); });
    }
  } else {
    read_importer(root, slash_scheme, &graph);
  }
  read_edges(yaml_child(root, "snapshots"), slash_scheme, path, &graph, result);
  read_edges(packages, slash_scheme, path, &graph, result);
  std::set<std::string> prod = reachable(graph, graph.prod_roots);
  std::set<std::string> dev = reachable(graph, graph.dev_roots);
  report_missing_packages(graph, packages, slash_scheme, path, result);
  std::vector<std::string> keys;
  DocumentContext doc{path, slash_scheme, major < 9, graph, prod, dev, keys};
  size_t first = result->packages.size();
  for (auto it = packages.begin(); packages.IsMap() && it != packages.end(); ++it) {
    read_yaml_entry(path, it->first, result,
                    [&] { read_package(it->first, it->second, doc, result); });
  }
  assign_paths(graph, keys, first, result);
  add_links(graph, path, result);
  return true;
}

class PnpmLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "pnpm-lock"; }
  std::string_view ecosystem() const override { return npm_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "pnpm-lock.yaml";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    LockfileResult result;
    std::vector<YAML::Node> documents;
    if (!load_yaml_documents(text, path, "a pnpm lockfile", &documents, &result)) {
      return result;
    }
    for (const auto& root : documents) {
      bool go_on = false;
      // Each entry is guarded on its own; this keeps what a document gave if anything else throws.
      read_yaml_entry(path, root, &result, [&] { go_on = parse_document(root, path, &result); });
      if (!go_on) {
        break;
      }
    }
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& pnpm_lock_parser() {
  static const PnpmLockParser parser;
  return parser;
}

}  // namespace tarsier
