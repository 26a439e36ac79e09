// bun.lock (Bun 1.2+, lockfileVersion 0-2): JSON with trailing commas. Each `packages` value is
// an array: ["name@version", "<tarball URL or \"\" for the default registry>", {metadata},
// "<integrity>"] for registry packages; other sources put their specifier in the first element
// ("name@github:user/repo#sha", "name@file:../x", "name@workspace:packages/a"). The key is the
// install path ("parent/child" for nested copies), whose last name is the local (alias) name.
#include <set>

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

// Names that workspaces list only as devDependencies / optionalDependencies. bun.lock keeps no
// per-package scope, so only direct dependencies get one.
void direct_scopes(const json& root, std::set<std::string>* dev, std::set<std::string>* optional) {
  std::set<std::string> prod;
  auto workspaces = root.find("workspaces");
  if (workspaces == root.end() || !workspaces->is_object()) {
    return;
  }
  for (const auto& [path, workspace] : workspaces->items()) {
    if (!workspace.is_object()) {
      continue;
    }
    for (const auto& [section, target] :
         {std::pair<const char*, std::set<std::string>*>{"dependencies", &prod},
          {"devDependencies", dev},
          {"optionalDependencies", optional}}) {
      auto deps = workspace.find(section);
      if (deps != workspace.end() && deps->is_object()) {
        for (const auto& [name, range] : deps->items()) {
          target->insert(name);
        }
      }
    }
  }
  for (const auto& name : prod) {
    dev->erase(name);
  }
}

class BunLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "bun.lock"; }
  std::string_view ecosystem() const override { return "npm"; }
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
    std::set<std::string> dev;
    std::set<std::string> optional;
    direct_scopes(doc.root, &dev, &optional);
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
      const json* metadata = nullptr;
      for (const auto& element : entry) {
        if (element.is_object()) {
          metadata = &element;
          break;
        }
      }
      if (rest.substr(0, 10) == "workspace:") {
        ref.source = "workspace";
        ref.resolved = rest.substr(10);
      } else if (rest.substr(0, 5) == "link:") {
        ref.source = "link";
        ref.resolved = rest.substr(5);
      } else if (std::string source = source_of_url(rest); !source.empty()) {
        ref.source = source;
        ref.resolved = strip_url_credentials(rest.substr(0, 5) == "file:" ? rest.substr(5) : rest);
      } else if (rest.find('/') != std::string::npos && rest.find(':') == std::string::npos) {
        ref.source = "git";  // "user/repo#sha": GitHub shorthand
        ref.resolved = rest;
      } else {
        ref.version = rest;
        if (entry.size() > 1 && entry[1].is_string()) {
          ref.resolved = strip_url_credentials(entry[1].get<std::string>());
          classify_npm_resolved(&ref);
        }
        if (entry.size() > 3 && entry[3].is_string()) {
          ref.integrity = entry[3].get<std::string>();
        }
      }
      if (metadata != nullptr) {
        ref.has_install_script = json_flag(*metadata, "hasInstallScript");
      }
      bool direct = key.find('/') == std::string::npos || key[0] == '@';
      ref.dev = direct && dev.count(local) > 0;
      ref.optional = direct && optional.count(local) > 0;
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
    }
    sort_by_line(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& bun_lock_parser() {
  static const BunLockParser parser;
  return parser;
}

}  // namespace tarsier
