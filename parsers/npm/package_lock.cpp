// package-lock.json (lockfileVersion 1, 2, 3) and npm-shrinkwrap.json. Version 2 carries both
// the v1 "dependencies" tree and the v3 "packages" map; "packages" is read whenever present.
#include <map>
#include <optional>

#include "analyzer/ecosystem/npm/npm.h"
#include "parsers/common/dependency_scope.h"
#include "parsers/common/json_document.h"
#include "parsers/common/sources.h"
#include "parsers/formats.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

namespace {

using nlohmann::json;

// npm nests a v1 tree a few levels deep at most; far deeper is hostile input, and each level
// costs a copy of the key path.
constexpr size_t k_max_v1_depth = 256;

// Matches a workspace glob from the root package.json ("packages/*", "apps/**", "tools/x").
bool glob_match(std::string_view pattern, std::string_view path) {
  // Iterative '*' matching with backtracking to the last star; '*' does not cross '/', '**'
  // does. Patterns come from the lockfile, so no recursion.
  size_t p = 0;
  size_t s = 0;
  size_t star_p = std::string_view::npos;
  size_t star_s = 0;
  bool star_crosses = false;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_crosses = p + 1 < pattern.size() && pattern[p + 1] == '*';
      p += star_crosses ? 2 : 1;
      star_p = p;
      star_s = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star_p != std::string_view::npos && (star_crosses || path[star_s] != '/')) {
      p = star_p;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::vector<std::string> workspace_globs(const json& root_package) {
  std::vector<std::string> globs;
  auto it = root_package.find("workspaces");
  if (it == root_package.end()) {
    return globs;
  }
  const json* list = &*it;
  // package.json also allows {"packages": [...]} (the yarn form).
  if (list->is_object() && list->contains("packages")) {
    list = &(*list)["packages"];
  }
  if (!list->is_array()) {
    return globs;
  }
  for (const auto& glob : *list) {
    if (glob.is_string()) {
      std::string text = glob.get<std::string>();
      while (text.substr(0, 2) == "./") {
        text.erase(0, 2);
      }
      while (!text.empty() && text.back() == '/') {
        text.pop_back();
      }
      globs.push_back(text);
    }
  }
  return globs;
}

void apply_flags(const json& entry, PackageRef* ref) {
  ref->dev = json_flag(entry, "dev") || json_flag(entry, "devOptional");
  ref->optional = json_flag(entry, "optional") || json_flag(entry, "devOptional");
  ref->peer = json_flag(entry, "peer");
  ref->has_install_script = json_flag(entry, "hasInstallScript");
}

// Reads the string fields every entry may have; false with a diagnostic on a wrong type.
bool read_strings(const JsonDocument& doc, const std::vector<std::string>& key_path,
                  const json& entry, std::string* name, std::string* version, std::string* resolved,
                  std::string* integrity, LockfileResult* result) {
  std::string error;
  if (!json_string_member(entry, "name", name, &error) ||
      !json_string_member(entry, "version", version, &error) ||
      !json_string_member(entry, "resolved", resolved, &error) ||
      !json_string_member(entry, "integrity", integrity, &error)) {
    result->errors.push_back(doc.error_at(key_path, error + " in \"" + key_path.back() + "\""));
    return false;
  }
  *resolved = strip_url_credentials(*resolved);
  return true;
}

// The package a dependency `name` of the package installed at `from` ("" for the project)
// resolves to, like node_modules: from/node_modules/name, then the same under each enclosing
// package, then node_modules/name at the top.
std::optional<size_t> resolve_in_node_modules(const std::map<std::string, size_t>& node_of,
                                              std::string from, const std::string& name) {
  while (true) {
    auto it = node_of.find((from.empty() ? "" : from + "/") + "node_modules/" + name);
    if (it != node_of.end()) {
      return it->second;
    }
    if (from.empty()) {
      return std::nullopt;
    }
    auto nested = from.rfind("/node_modules/");
    from = nested == std::string::npos ? "" : from.substr(0, nested);
  }
}

// Dependency paths of a version 1 tree: `installs` holds each package's install path and
// `entries` its object, whose "requires" names its dependencies. Version 1 does not list the
// project's own dependencies, so the packages nothing requires are taken as the direct ones.
void assign_tree_paths(const std::vector<std::string>& installs,
                       const std::vector<const json*>& entries, LockfileResult* result) {
  std::map<std::string, size_t> node_of;
  for (size_t i = 0; i < installs.size(); ++i) {
    node_of.emplace(installs[i], i);
  }
  ScopeGraph graph(result->packages.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    auto requires_ = entries[i]->find("requires");
    if (requires_ == entries[i]->end() || !requires_->is_object()) {
      continue;
    }
    for (const auto& [name, range] : requires_->items()) {
      if (auto to = resolve_in_node_modules(node_of, installs[i], name)) {
        graph.add_edge(i, *to, DependencyKind::required);
      }
    }
  }
  graph.add_roots_without_parents();
  graph.assign_paths(&result->packages);
}

// Dependency paths from the "packages" map. A dependency of the package at key K resolves like
// node_modules: K/node_modules/name, then the same under each enclosing package, then
// node_modules/name at the top; link entries stand for the folder they point to.
void assign_dependency_paths(const json& packages, const std::vector<std::string>& keys,
                             const std::map<std::string, std::string>& links,
                             LockfileResult* result) {
  std::map<std::string, size_t> node_of;
  for (size_t i = 0; i < keys.size(); ++i) {
    node_of.emplace(keys[i], i);
  }
  for (const auto& [link, target] : links) {
    if (auto it = node_of.find(target); it != node_of.end()) {
      node_of.emplace(link, it->second);
    }
  }
  auto resolve = [&](const std::string& from, const std::string& name) {
    return resolve_in_node_modules(node_of, from, name);
  };
  const std::pair<const char*, DependencyKind> k_sections[] = {
      {"dependencies", DependencyKind::required},
      {"optionalDependencies", DependencyKind::optional},
      {"peerDependencies", DependencyKind::required},
      {"devDependencies", DependencyKind::dev}};
  ScopeGraph graph(result->packages.size());
  auto add_edges = [&](const std::string& key, const json& entry, std::optional<size_t> from) {
    for (const auto& [section, kind] : k_sections) {
      auto deps = entry.find(section);
      if (deps == entry.end() || !deps->is_object() || (from && kind == DependencyKind::dev)) {
        continue;
      }
      for (const auto& [name, range] : deps->items()) {
        if (auto to = resolve(key, name)) {
          from ? graph.add_edge(*from, *to, kind) : graph.add_root_edge(*to, kind);
        }
      }
    }
  };
  if (auto root = packages.find(""); root != packages.end() && root->is_object()) {
    add_edges("", *root, std::nullopt);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (result->packages[i].source == "workspace") {
      graph.add_root_edge(i, DependencyKind::required);
    }
    add_edges(keys[i], packages[keys[i]], i);
  }
  graph.assign_paths(&result->packages);
}

// Link entries point at folder entries: `linked_as` maps each folder to the local name it is
// linked as, `links` each link key to its folder.
void collect_links(const json& packages, std::map<std::string, std::string>* linked_as,
                   std::map<std::string, std::string>* links) {
  for (const auto& [key, entry] : packages.items()) {
    if (entry.is_object() && json_flag(entry, "link") && entry.contains("resolved") &&
        entry["resolved"].is_string()) {
      linked_as->emplace(entry["resolved"].get<std::string>(),
                         std::string(name_from_node_modules_path(key)));
      links->emplace(key, entry["resolved"].get<std::string>());
    }
  }
}

void parse_packages(const JsonDocument& doc, const json& packages, LockfileResult* result) {
  std::vector<std::string> globs;
  if (auto root = packages.find(""); root != packages.end() && root->is_object()) {
    globs = workspace_globs(*root);
  }
  std::map<std::string, std::string> linked_as, links;
  collect_links(packages, &linked_as, &links);
  std::vector<std::string> keys;  // the "packages" key of each package read, in order
  bool fresh = result->packages.empty();
  for (const auto& [key, entry] : packages.items()) {
    if (key.empty()) {
      continue;  // the root project itself
    }
    std::vector<std::string> key_path = {"packages", key};
    if (!entry.is_object()) {
      result->errors.push_back(
          doc.error_at(key_path, "expected an object for package \"" + key + "\""));
      continue;
    }
    std::string name, version, resolved, integrity;
    if (!read_strings(doc, key_path, entry, &name, &version, &resolved, &integrity, result)) {
      continue;
    }
    if (json_flag(entry, "inBundle")) {
      continue;  // shipped inside its parent's archive, which is what gets scanned
    }
    PackageRef ref;
    ref.lockfile = doc.path;
    ref.line = doc.line_of(key_path);
    ref.integrity = integrity;
    ref.resolved = resolved;
    apply_flags(entry, &ref);
    std::string local(name_from_node_modules_path(key));
    if (json_flag(entry, "link")) {
      if (packages.contains(resolved)) {
        continue;  // the folder entry it points to is listed instead
      }
      ref.name = name.empty() ? local : name;
      ref.version = version;
      ref.source = "link";
    } else if (local.empty()) {
      // A folder in the project: a workspace member, or a linked local directory.
      auto linked = linked_as.find(key);
      std::string last = key.substr(key.rfind('/') + 1);
      ref.name = !name.empty() ? name : linked != linked_as.end() ? linked->second : last;
      ref.version = version;
      bool workspace = false;
      for (const auto& glob : globs) {
        workspace = workspace || glob_match(glob, key);
      }
      ref.source = workspace ? "workspace" : "link";
    } else {
      ref.name = name.empty() ? local : name;
      if (ref.name != local) {
        ref.alias = local;
      }
      if (version.empty()) {
        result->errors.push_back(
            doc.error_at(key_path, "missing \"version\" for package \"" + key + "\""));
        continue;
      }
      ref.version = version;
      classify_npm_resolved(&ref);
    }
    if (!valid_npm_name(ref.name)) {
      result->errors.push_back(
          doc.error_at(key_path, "expected a valid package name, got " + quote_text(ref.name)));
      continue;
    }
    result->packages.push_back(std::move(ref));
    keys.push_back(key);
  }
  if (fresh) {
    assign_dependency_paths(packages, keys, links, result);
  }
}

// Version 1: a tree of "dependencies", walked with an explicit stack (nesting is untrusted).
void parse_dependencies_tree(const JsonDocument& doc, const json& top, LockfileResult* result) {
  struct Frame {
    const json* object;
    json::const_iterator next;
    std::vector<std::string> path;
    std::string install;  // install path of the package owning this object ("" at the top)
  };
  std::vector<Frame> stack;
  stack.push_back({&top, top.begin(), {"dependencies"}, ""});
  std::vector<std::string> installs;  // per package read: its install path and its object
  std::vector<const json*> entries;
  bool fresh = result->packages.empty();
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next == frame.object->end()) {
      stack.pop_back();
      continue;
    }
    const std::string key = frame.next.key();
    const json& entry = frame.next.value();
    ++frame.next;
    std::vector<std::string> key_path = frame.path;
    key_path.push_back(key);
    std::string install =
        (frame.install.empty() ? "" : frame.install + "/") + "node_modules/" + key;
    if (!entry.is_object()) {
      result->errors.push_back(
          doc.error_at(key_path, "expected an object for dependency \"" + key + "\""));
      continue;
    }
    if (json_flag(entry, "bundled")) {
      continue;  // inside the parent's archive, with everything below it
    }
    auto nested = entry.find("dependencies");
    if (nested != entry.end() && nested->is_object() && !nested->empty() &&
        stack.size() >= k_max_v1_depth) {
      result->errors.push_back(doc.error_at(
          key_path, "dependencies nested more than " + std::to_string(k_max_v1_depth) +
                        " levels deep below \"" + key + "\"; the deeper ones are not read"));
    } else if (nested != entry.end() && nested->is_object()) {
      std::vector<std::string> nested_path = key_path;
      nested_path.push_back("dependencies");
      // `frame` may dangle after push_back; it is not used below.
      stack.push_back({&*nested, nested->begin(), std::move(nested_path), install});
    }
    std::string name, version, resolved, integrity;
    if (!read_strings(doc, key_path, entry, &name, &version, &resolved, &integrity, result)) {
      continue;
    }
    if (version.empty()) {
      result->errors.push_back(
          doc.error_at(key_path, "missing \"version\" for dependency \"" + key + "\""));
      continue;
    }
    PackageRef ref;
    ref.lockfile = doc.path;
    ref.line = doc.line_of(key_path);
    ref.name = key;
    ref.integrity = integrity;
    ref.resolved = resolved;
    apply_flags(entry, &ref);
    apply_npm_version_spec(version, key, &ref);
    classify_npm_resolved(&ref);
    if (!valid_npm_name(ref.name)) {
      result->errors.push_back(
          doc.error_at(key_path, "expected a valid package name, got " + quote_text(ref.name)));
      continue;
    }
    result->packages.push_back(std::move(ref));
    installs.push_back(std::move(install));
    entries.push_back(&entry);
  }
  if (fresh) {
    assign_tree_paths(installs, entries, result);
  }
}

class PackageLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "package-lock"; }
  std::string_view ecosystem() const override { return npm_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "package-lock.json" || base_name == "npm-shrinkwrap.json";
  }

  LockfileResult parse(std::string_view text, const std::string& display_path) const override {
    LockfileResult result;
    JsonDocument doc;
    JsonParseOptions options;
    options.key_depth = 0;
    if (!parse_json_lockfile(text, display_path, options, &doc, &result)) {
      return result;
    }
    const json& root = doc.root;
    auto packages = root.find("packages");
    auto dependencies = root.find("dependencies");
    bool use_packages = packages != root.end() && packages->is_object();
    // "packages" entries sit at depth 2; the v1 tree nests without bound.
    doc.keys.build(text, use_packages ? 2 : std::numeric_limits<size_t>::max());
    if (use_packages) {
      parse_packages(doc, *packages, &result);
    } else if (dependencies != root.end() && dependencies->is_object()) {
      parse_dependencies_tree(doc, *dependencies, &result);
    } else if (root.contains("lockfileVersion") || root.contains("name")) {
      // A lockfile of a project without dependencies: valid, just empty.
      if (packages != root.end() || dependencies != root.end()) {
        const char* key = packages != root.end() ? "packages" : "dependencies";
        result.errors.push_back(doc.error_at(
            {key}, std::string("expected \"") + key + "\" to be an object of packages"));
        result.fatal = true;
      }
    } else {
      result.errors.push_back(
          {display_path, 1, 1,
           "not an npm lockfile: expected \"lockfileVersion\" and a \"packages\" object"});
      result.fatal = true;
    }
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& package_lock_parser() {
  static const PackageLockParser parser;
  return parser;
}

}  // namespace tarsier
