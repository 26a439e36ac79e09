#include "parsers/common/yaml_document.h"

#include "parsers/common/text.h"

namespace tarsier {

bool load_yaml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        YAML::Node* root, LockfileResult* result) {
  if (is_blank(text)) {
    result->errors.push_back({path, 1, 1, "empty file: expected " + std::string(kind)});
    result->fatal = true;
    return false;
  }
  try {
    *root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    Diagnostic diagnostic{path, 0, 0, "invalid YAML: " + error.msg};
    if (!error.mark.is_null()) {
      diagnostic.line = error.mark.line + 1;
      diagnostic.column = error.mark.column + 1;
    }
    result->errors.push_back(std::move(diagnostic));
    result->fatal = true;
    return false;
  } catch (const std::exception& error) {
    result->errors.push_back({path, 0, 0, std::string("invalid YAML: ") + error.what()});
    result->fatal = true;
    return false;
  }
  if (!root->IsMap()) {
    result->errors.push_back(
        {path, 1, 1, "expected " + std::string(kind) + ": the top level is not a mapping"});
    result->fatal = true;
    return false;
  }
  return true;
}

YAML::Node yaml_child(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) {
    return YAML::Node();
  }
  YAML::Node value = map[key];
  return value.IsDefined() ? value : YAML::Node();
}

std::string yaml_string(const YAML::Node& map, const char* key) {
  YAML::Node value = yaml_child(map, key);
  return value.IsScalar() ? value.Scalar() : "";
}

bool yaml_flag(const YAML::Node& map, const char* key) {
  return yaml_string(map, key) == "true";
}

int yaml_line(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

Diagnostic yaml_error_at(const std::string& path, const YAML::Node& node, std::string message) {
  Diagnostic diagnostic{path, 0, 0, std::move(message)};
  YAML::Mark mark = node.Mark();
  if (!mark.is_null()) {
    diagnostic.line = mark.line + 1;
    diagnostic.column = mark.column + 1;
  }
  return diagnostic;
}

}  // namespace tarsier
