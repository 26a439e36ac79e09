// A JSON Schema (draft-07) validator for the subset the project's schemas use: type,
// properties, required, additionalProperties, patternProperties, items, enum, const, numeric and
// length bounds, uniqueItems, pattern (RE2), $ref to "#/definitions/...", allOf/anyOf/oneOf/not.
// Unknown keywords are rejected when the schema loads, so a schema never silently checks less
// than it says. Used by tests to validate JSON, SARIF and diff reports.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier::test {

class JsonSchema {
 public:
  // Reads and checks a schema file; nullopt with `error` when unreadable or unsupported.
  static std::optional<JsonSchema> load(const std::string& path, std::string* error);
  static std::optional<JsonSchema> parse(std::string_view text, std::string* error);

  // Every violation as "<JSON pointer>: <what>", empty when the document is valid. A document
  // that is not JSON gives one error.
  std::vector<std::string> validate_text(std::string_view document) const;
  std::vector<std::string> validate(const nlohmann::json& document) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> m_compiled;
};

}  // namespace tarsier::test
