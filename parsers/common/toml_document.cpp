#include "parsers/common/toml_document.h"

#include "analyzer/util/nesting.h"
#include "parsers/common/text.h"

namespace tarsier {

bool load_toml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        toml::table* root, LockfileResult* result) {
  if (is_blank(text)) {
    result->errors.push_back({path, 1, 1, "empty file: expected " + std::string(kind)});
    result->fatal = true;
    return false;
  }
  if (size_t deep = toml_depth_violation(text); deep != std::string_view::npos) {
    result->errors.push_back(diagnostic_at(path, LineIndex(text), deep,
                                           "keys or brackets nested deeper than " +
                                               std::to_string(k_toml_max_key_parts) +
                                               " levels: not a lockfile"));
    result->fatal = true;
    return false;
  }
  try {
    *root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    Diagnostic diagnostic{path, static_cast<int>(error.source().begin.line),
                          static_cast<int>(error.source().begin.column),
                          "invalid TOML: " + std::string(error.description())};
    result->errors.push_back(std::move(diagnostic));
    result->fatal = true;
    return false;
  } catch (const std::exception& error) {
    result->errors.push_back({path, 0, 0, std::string("invalid TOML: ") + error.what()});
    result->fatal = true;
    return false;
  }
  return true;
}

std::string toml_string(const toml::table& table, std::string_view key) {
  if (const auto* value = table.get_as<std::string>(key)) {
    return value->get();
  }
  return "";
}

int toml_line(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

Diagnostic toml_error_at(const std::string& path, const toml::node& node, std::string message) {
  return Diagnostic{path, static_cast<int>(node.source().begin.line),
                    static_cast<int>(node.source().begin.column), std::move(message)};
}

const toml::array* toml_table_array(const toml::table& root, std::string_view key,
                                    std::string* error) {
  const toml::node* node = root.get(key);
  if (node == nullptr) {
    return nullptr;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    *error = "expected [[" + std::string(key) + "]] tables";
  }
  return array;
}

}  // namespace tarsier
