#include "tests/support/report_json.h"

#include <algorithm>

namespace tarsier::test {

const nlohmann::json* find_package(const nlohmann::json& report, const std::string& name) {
  for (const auto& p : report.at("packages")) {
    if (p.at("name") == name) {
      return &p;
    }
  }
  return nullptr;
}

int count_rule(const nlohmann::json& package, const std::string& rule) {
  const auto& findings = package.at("findings");
  return static_cast<int>(
      std::count_if(findings.begin(), findings.end(),
                    [&](const nlohmann::json& f) { return f.at("rule") == rule; }));
}

bool has_rule(const nlohmann::json& package, const std::string& rule) {
  return count_rule(package, rule) > 0;
}

bool has_capability(const nlohmann::json& package, const std::string& capability) {
  const auto& caps = package.at("capabilities");
  return std::find(caps.begin(), caps.end(), capability) != caps.end();
}

}  // namespace tarsier::test
