// Questions the end-to-end tests ask of one package in a JSON scan report.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tarsier::test {

// The package named `name` in a report's "packages", or null.
const nlohmann::json* find_package(const nlohmann::json& report, const std::string& name);

// Whether the package's findings include one from `rule`.
bool has_rule(const nlohmann::json& package, const std::string& rule);

// How many of the package's findings come from `rule`.
int count_rule(const nlohmann::json& package, const std::string& rule);

// Whether the package's capabilities include `capability`.
bool has_capability(const nlohmann::json& package, const std::string& capability);

}  // namespace tarsier::test
