#include "analyzer/engine/package_manifest.h"

#include <nlohmann/json.hpp>

#include "analyzer/core/diagnostic.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/engine/rule.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

std::optional<ManifestIdentity> npm_identity(const PackageJson& manifest) {
  const nlohmann::json& doc = manifest.doc;
  if (!doc.is_object() || !doc.contains("name") || !doc["name"].is_string()) {
    return std::nullopt;
  }
  ManifestIdentity id{doc["name"].get<std::string>(), "", manifest.entry->path};
  if (doc.contains("version") && doc["version"].is_string()) {
    id.version = doc["version"].get<std::string>();
  }
  return id.name.empty() ? std::nullopt : std::optional<ManifestIdentity>(id);
}

// RFC 822 style headers: "Name: foo" and "Version: 1.0" before the first blank line.
std::optional<ManifestIdentity> python_identity(const ArchiveEntry& entry) {
  ManifestIdentity id{"", "", entry.path};
  size_t at = 0;
  while (at < entry.data.size()) {
    size_t end = entry.data.find('\n', at);
    if (end == std::string::npos)
      end = entry.data.size();
    std::string_view line = strip_blanks(std::string_view(entry.data).substr(at, end - at));
    at = end + 1;
    if (line.empty())
      break;
    if (line.rfind("Name:", 0) == 0 && id.name.empty())
      id.name = std::string(strip_blanks(line.substr(5)));
    else if (line.rfind("Version:", 0) == 0 && id.version.empty())
      id.version = std::string(strip_blanks(line.substr(8)));
  }
  return id.name.empty() ? std::nullopt : std::optional<ManifestIdentity>(id);
}

bool is_url_spec(const std::string& spec) {
  for (std::string_view prefix :
       {"http:", "https:", "git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:"}) {
    if (spec.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  // npm's GitHub shorthand "user/repo" (optionally "#ref"); scoped names never appear as specs.
  auto slash = spec.find('/');
  return slash != std::string::npos && slash > 0 && spec[0] != '.' && spec[0] != '/' &&
         spec[0] != '~' && spec.find(':') == std::string::npos &&
         spec.find(' ') == std::string::npos && spec.rfind("file", 0) != 0;
}

}  // namespace

PackageJson root_package_json(const std::vector<ArchiveEntry>& files) {
  PackageJson out;
  for (const auto& f : files) {
    if (f.path == "package.json") {
      out.entry = &f;
    }
  }
  JsonTextError problem;
  if (out.entry != nullptr && !parse_json_text(out.entry->data, &out.doc, &problem)) {
    out.doc = nullptr;
    out.error = std::move(problem);
  }
  return out;
}

std::optional<ManifestIdentity> manifest_identity(const std::vector<ArchiveEntry>& files,
                                                  const std::string& ecosystem) {
  const Ecosystem* known = find_ecosystem(ecosystem);
  bool package_json = known != nullptr && known->manifest == ManifestFormat::package_json;
  bool core_metadata = known != nullptr && known->manifest == ManifestFormat::core_metadata;
  if (package_json) {
    return npm_identity(root_package_json(files));
  }
  const ArchiveEntry* metadata = nullptr;
  for (const auto& f : files) {
    if (core_metadata && f.path == "PKG-INFO") {
      return python_identity(f);
    }
    auto slash = f.path.find('/');
    if (core_metadata && slash != std::string::npos &&
        f.path.compare(slash, std::string::npos, "/METADATA") == 0 && slash > 10 &&
        f.path.compare(slash - 10, 10, ".dist-info") == 0) {
      metadata = &f;
    }
  }
  return metadata != nullptr ? python_identity(*metadata) : std::nullopt;
}

std::vector<UrlDependency> url_dependencies(const PackageJson& manifest) {
  std::vector<UrlDependency> out;
  const nlohmann::json& doc = manifest.doc;
  if (!doc.is_object()) {
    return out;
  }
  const std::string& text = manifest.entry->data;
  // devDependencies are never installed with a dependency, so they are not looked at.
  for (const char* field : {"dependencies", "optionalDependencies", "peerDependencies"}) {
    auto it = doc.find(field);
    if (it == doc.end() || !it->is_object()) {
      continue;
    }
    size_t section = text.find(std::string("\"") + field + "\"");
    for (const auto& [name, value] : it->items()) {
      if (!value.is_string() || !is_url_spec(value.get<std::string>())) {
        continue;
      }
      UrlDependency dep{field, name, value.get<std::string>(), 0, 0};
      size_t at = text.find("\"" + name + "\"", section == std::string::npos ? 0 : section);
      if (at != std::string::npos) {
        offset_to_line_col(text, at, &dep.line, &dep.column);
      }
      out.push_back(std::move(dep));
    }
  }
  return out;
}

}  // namespace tarsier
