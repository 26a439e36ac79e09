#include "parsers/common/yaml_document.h"

#include <vector>

#include "analyzer/util/nesting.h"
#include "parsers/common/text.h"

namespace tarsier {

bool load_yaml_documents(std::string_view text, const std::string& path, std::string_view kind,
                         std::vector<YAML::Node>* documents, LockfileResult* result) {
  auto fail = [&](Diagnostic diagnostic) {
    result->errors.push_back(std::move(diagnostic));
    result->fatal = true;
    return false;
  };
  if (is_blank(text)) {
    return fail({path, 1, 1, "empty file: expected " + std::string(kind)});
  }
  if (size_t deep = yaml_depth_violation(text); deep != std::string_view::npos) {
    return fail(diagnostic_at(
        path, LineIndex(text), deep,
        "nesting deeper than " + std::to_string(k_yaml_max_depth) + " levels: not a lockfile"));
  }
  try {
    // YAML counts a lone CR as a line break; yaml-cpp does not, so give it LF (same offsets).
    std::string input(text);
    for (size_t i = 0; i < input.size(); ++i) {
      if (input[i] == '\r' && (i + 1 == input.size() || input[i + 1] != '\n')) {
        input[i] = '\n';
      }
    }
    *documents = YAML::LoadAll(input);
  } catch (const YAML::Exception& error) {
    Diagnostic diagnostic{path, 0, 0, "invalid YAML: " + error.msg};
    if (!error.mark.is_null()) {
      diagnostic.line = error.mark.line + 1;
      diagnostic.column = error.mark.column + 1;
    }
    return fail(std::move(diagnostic));
  } catch (const std::exception& error) {
    return fail({path, 0, 0, std::string("invalid YAML: ") + error.what()});
  }
  // An empty document (a stray "---" at the end) holds nothing to lose.
  std::erase_if(*documents, [](const YAML::Node& document) { return document.IsNull(); });
  if (documents->empty()) {
    return fail({path, 1, 1, "expected " + std::string(kind) + ": the file holds no document"});
  }
  for (const auto& document : *documents) {
    if (!document.IsMap()) {
      return fail(yaml_error_at(path, document,
                                "expected " + std::string(kind) + ": a document is not a mapping"));
    }
  }
  return true;
}

bool load_yaml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        YAML::Node* root, LockfileResult* result) {
  std::vector<YAML::Node> documents;
  if (!load_yaml_documents(text, path, kind, &documents, result)) {
    return false;
  }
  if (documents.size() > 1) {
    result->errors.push_back(yaml_error_at(
        path, documents[1], "a second YAML document: expected " + std::string(kind) + " alone"));
    result->fatal = true;
    return false;
  }
  *root = documents.front();
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
