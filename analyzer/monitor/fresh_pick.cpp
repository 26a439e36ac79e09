#include "analyzer/monitor/fresh_pick.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/policy/version_range.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

std::string fresh_pick(const std::string& ecosystem, const std::string& range,
                       const std::vector<std::string>& versions, const std::string& latest) {
  auto parsed = VersionRange::parse(ecosystem, range);
  if (!parsed) {
    return "";
  }
  if (!latest.empty() && parsed->contains(latest)) {
    return latest;
  }
  std::string best;
  for (const auto& v : versions) {
    if (parsed->contains(v) && (best.empty() || compare_package_versions(ecosystem, v, best) > 0)) {
      best = v;
    }
  }
  return best;
}

std::map<std::string, std::string> declared_npm_ranges(const std::string& lockfile) {
  std::map<std::string, std::string> out;
  auto manifest = std::filesystem::path(lockfile).parent_path() / "package.json";
  std::ifstream in(manifest);
  if (!in) {
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc;
  JsonTextError problem;
  if (!parse_json_text(text.str(), &doc, &problem) || !doc.is_object()) {
    return out;
  }
  for (const char* group :
       {"dependencies", "optionalDependencies", "devDependencies", "peerDependencies"}) {
    auto it = doc.find(group);
    if (it == doc.end() || !it->is_object()) {
      continue;
    }
    for (const auto& [name, range] : it->items()) {
      if (range.is_string()) {
        out.emplace(name, range.get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace tarsier
