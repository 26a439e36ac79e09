// bun.lock (Bun 1.2+, lockfileVersion 0-2): JSON with trailing commas. Each `packages` value is
// an array: ["name@version", "<tarball URL or \"\" for the default registry>", {metadata},
// "<integrity>"] for registry packages; other sources put their specifier in the first element
// ("name@github:user/repo#sha", "name@file:../x", "name@workspace:packages/a"). The key is the
// install path ("parent/child" for nested copies), whose last name is the local (alias) name.
#include <map>
#include <optional>
#include <set>

#include "analyzer/ecosystem/npm/npm.h"
#include "parsers/common/dependency_scope.h"
#include "parsers/common/json_document.h"
#include "parsers/common/sources.h"
#include "parsers/formats.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

namespace {

using nlohmann::json;

std::string local_name_of_key(const std::string& key) {
  size_t last = key.rfind('/');
  if (last == std::string::npos) {
    return key;
  }
  size_t before = key.rfind('/', last - 1);
  size_t segment_start = before == std::string::npos ? 0 : before + 1;
  if (last > 0 && key[segment_start] == '@') {
    return key.substr(segment_start);  // scoped: "@scope/name"
  }
  return key.substr(last + 1);
}

// The parent install folder of a packages key ("a/b" -> "a", "@s/x/c" -> "@s/x", "a" -> "").
std::string parent_key(const std::string& key) {
  std::string local = local_name_of_key(key);
  return key.size() > local.size() ? key.substr(0, key.size() - local.size() - 1) : "";
}

// bun.lock keeps the dependency graph (workspaces' and packages' dependency maps) but no scope
// per package: dev and optional are derived from the graph. A dependency of the package at key
// K resolves like node_modules: K/name, then the same under each parent folder, then name.
void assign_scopes(const json& root, const std::vector<std::string>& keys,
                   const std::vector<const json*>& metadata, LockfileResult* result) {
  std::map<std::string, size_t> node_of;
  for (size_t i = 0; i < keys.size(); ++i) {
    node_of.emplace(keys[i], i);
  }
  auto resolve = [&](std::string from, const std::string& name) -> std::optional<size_t> {
    while (true) {
      auto it = node_of.find(from.empty() ? name : from + "/" + name);
      if (it != node_of.end()) {
        return it->second;
      }
      if (from.empty()) {
        return std::nullopt;
      }
      from = parent_key(from);
    }
  };
  const std::pair<const char*, DependencyKind> k_sections[] = {
      {"dependencies", DependencyKind::required},
      {"optionalDependencies", DependencyKind::optional},
      {"peerDependencies", DependencyKind::required},
      {"devDependencies", DependencyKind::dev}};
  ScopeGraph graph(keys.size());
  if (auto workspaces = root.find("workspaces");
      workspaces != root.end() && workspaces->is_object()) {
    for (const auto& [folder, workspace] : workspaces->items()) {
      for (const auto& [section, kind] : k_sections) {
        auto deps = workspace.is_object() ? workspace.find(section) : workspace.end();
        if (deps == workspace.end() || !deps->is_object()) {
          continue;
        }
        for (const auto& [name, range] : deps->items()) {
          if (auto to = resolve("", name)) {
            graph.add_root_edge(*to, kind);
          }
        }
      }
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (metadata[i] == nullptr) {
      continue;
    }
    for (const auto& [section, kind] : k_sections) {
      auto deps = metadata[i]->find(section);
      if (kind == DependencyKind::dev || deps == metadata[i]->end() || !deps->is_object()) {
        continue;
      }
      for (const auto& [name, range] : deps->items()) {
        if (auto to = resolve(keys[i], name)) {
          graph.add_edge(i, *to, kind);
        }
      }
    }
  }
  graph.assign(&result->packages);
  graph.assign_paths(&result->packages);
}

// The metadata object of a packages entry (its first object element); nullptr when none.
const json* metadata_of(const json& entry) {
  for (const auto& element : entry) {
    if (element.is_object()) {
      return &element;
    }
  }
  return nullptr;
}

// Where a package comes from, by what follows "name@" in its spec: a workspace, a link, a URL,
// GitHub shorthand, else a registry version (with the entry's resolved URL and integrity).
void read_source(const std::string& rest, const json& entry, PackageRef* ref) {
  if (rest.substr(0, 10) == "workspace:") {
    ref->source = "workspace";
    ref->resolved = rest.substr(10);
  } else if (rest.substr(0, 5) == "link:") {
    ref->source = "link";
    ref->resolved = rest.substr(5);
  } else if (std::string source = source_of_url(rest); !source.empty()) {
    ref->source = source;
    ref->resolved = strip_url_credentials(rest.substr(0, 5) == "file:" ? rest.substr(5) : rest);
  } else if (rest.find('/') != std::string::npos && rest.find(':') == std::string::npos) {
    ref->source = "git";  // "user/repo#sha": GitHub shorthand
    ref->resolved = rest;
  } else {
    ref->version = rest;
    if (entry.size() > 1 && entry[1].is_string()) {
      ref->resolved = strip_url_credentials(entry[1].get<std::string>());
      classify_npm_resolved(ref);
    }
    if (entry.size() > 3 && entry[3].is_string()) {
      ref->integrity = entry[3].get<std::string>();
    }
  }
}

class BunLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "bun.lock"; }
  std::string_view ecosystem() const override { return npm_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "bun.lock";
  }

  LockfileResult parse(std::string_view text, const std::string& path) const override {
    LockfileResult result;
    JsonDocument doc;
    JsonParseOptions options;
    options.trailing_commas = true;
    options.key_depth = 2;
    if (!parse_json_lockfile(text, path, options, &doc, &result)) {
      return result;
    }
    auto packages = doc.root.find("packages");
    if (!doc.root.contains("lockfileVersion") ||
        (packages != doc.root.end() && !packages->is_object())) {
      result.errors.push_back(
          {path, 1, 1,
           "not a bun lockfile: expected \"lockfileVersion\" and a \"packages\" object"});
      result.fatal = true;
      return result;
    }
    if (packages == doc.root.end()) {
      return result;
    }
    std::vector<std::string> keys;          // per package kept, its packages key
    std::vector<const json*> package_meta;  // and its metadata object
    for (const auto& [key, entry] : packages->items()) {
      std::vector<std::string> key_path = {"packages", key};
      if (!entry.is_array() || entry.empty() || !entry[0].is_string()) {
        result.errors.push_back(doc.error_at(
            key_path, "expected an array starting with \"name@version\" for " + quote_text(key)));
        continue;
      }
      PackageRef ref;
      ref.lockfile = path;
      ref.line = doc.line_of(key_path);
      std::string spec = entry[0].get<std::string>();
      std::string rest;
      if (!split_name_at(spec, &ref.name, &rest)) {
        result.errors.push_back(
            doc.error_at(key_path, "expected \"name@version\", got " + quote_text(spec)));
        continue;
      }
      std::string local = local_name_of_key(key);
      if (local != ref.name) {
        ref.alias = local;
      }
      const json* metadata = metadata_of(entry);
      read_source(rest, entry, &ref);
      if (metadata != nullptr) {
        ref.has_install_script = json_flag(*metadata, "hasInstallScript");
      }
      if (ref.version.empty() && ref.source == "registry") {
        result.errors.push_back(doc.error_at(key_path, "missing version in " + quote_text(spec)));
        continue;
      }
      if (!valid_npm_name(ref.name)) {
        result.errors.push_back(
            doc.error_at(key_path, "expected a valid package name, got " + quote_text(ref.name)));
        continue;
      }
      result.packages.push_back(std::move(ref));
      keys.push_back(key);
      package_meta.push_back(metadata);
    }
    assign_scopes(doc.root, keys, package_meta, &result);
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& bun_lock_parser() {
  static const BunLockParser parser;
  return parser;
}

}  // namespace tarsier
