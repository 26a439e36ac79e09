#include "tests/support/json_schema.h"

#include <re2/re2.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace tarsier::test {

using nlohmann::json;

namespace {

// Keywords that only annotate; they never make a document invalid.
const std::set<std::string> k_annotations = {"$schema",     "$id",         "id",       "title",
                                             "description", "default",     "examples", "$comment",
                                             "format",      "definitions", "readOnly", "writeOnly"};

const std::set<std::string> k_assertions = {"type",
                                            "enum",
                                            "const",
                                            "properties",
                                            "required",
                                            "additionalProperties",
                                            "patternProperties",
                                            "items",
                                            "additionalItems",
                                            "minItems",
                                            "maxItems",
                                            "uniqueItems",
                                            "minimum",
                                            "maximum",
                                            "exclusiveMinimum",
                                            "exclusiveMaximum",
                                            "minLength",
                                            "maxLength",
                                            "pattern",
                                            "allOf",
                                            "anyOf",
                                            "oneOf",
                                            "not",
                                            "$ref",
                                            "minProperties",
                                            "maxProperties"};

constexpr size_t k_step_limit = 20'000'000;
constexpr int k_max_ref_hops = 64;

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Resolves "#" or "#/a/b" against the root; nullptr when it does not exist.
const json* resolve_ref(const json& root, const std::string& ref) {
  if (ref == "#") {
    return &root;
  }
  if (ref.rfind("#/", 0) != 0) {
    return nullptr;
  }
  const json* node = &root;
  std::string rest = ref.substr(2);
  while (true) {
    size_t slash = rest.find('/');
    std::string token = rest.substr(0, slash);
    std::string key;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        key += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (!node->is_object() || !node->contains(key)) {
      return nullptr;
    }
    node = &(*node)[key];
    if (slash == std::string::npos) {
      return node;
    }
    rest = rest.substr(slash + 1);
  }
}

size_t utf8_length(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

bool type_matches(const std::string& type, const json& value) {
  if (type == "object")
    return value.is_object();
  if (type == "array")
    return value.is_array();
  if (type == "string")
    return value.is_string();
  if (type == "boolean")
    return value.is_boolean();
  if (type == "null")
    return value.is_null();
  if (type == "number")
    return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer())
      return true;
    if (value.is_number_float()) {
      double d = value.get<double>();
      return d == static_cast<double>(static_cast<long long>(d));
    }
  }
  return false;
}

}  // namespace

struct JsonSchema::Compiled {
  json root;
  std::map<std::string, std::unique_ptr<RE2>> patterns;

  bool check(std::string* error);
  void run(const json& document, std::vector<std::string>* errors) const;
};

// Walks every subschema once (iteratively), rejecting unknown keywords and bad references and
// compiling every pattern.
bool JsonSchema::Compiled::check(std::string* error) {
  std::vector<std::pair<const json*, std::string>> stack = {{&root, "#"}};
  auto push_map = [&](const json& map, const std::string& where) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      stack.push_back({&it.value(), where + "/" + escape_pointer(it.key())});
    }
  };
  auto push_list = [&](const json& list, const std::string& where) {
    for (size_t i = 0; i < list.size(); ++i) {
      stack.push_back({&list[i], where + "/" + std::to_string(i)});
    }
  };
  while (!stack.empty()) {
    auto [schema, where] = stack.back();
    stack.pop_back();
    if (schema->is_boolean()) {
      continue;
    }
    if (!schema->is_object()) {
      *error = where + ": a schema must be an object or a boolean";
      return false;
    }
    for (auto it = schema->begin(); it != schema->end(); ++it) {
      const std::string& key = it.key();
      const json& value = it.value();
      std::string here = where + "/" + escape_pointer(key);
      if (k_annotations.count(key) == 0 && k_assertions.count(key) == 0) {
        *error = here + ": unsupported keyword";
        return false;
      }
      if (key == "definitions" || key == "properties" || key == "patternProperties") {
        if (!value.is_object()) {
          *error = here + ": expected an object";
          return false;
        }
        push_map(value, here);
      }
      if (key == "patternProperties") {
        for (auto p = value.begin(); p != value.end(); ++p) {
          patterns.emplace(p.key(), nullptr);
        }
      }
      if (key == "additionalProperties" || key == "additionalItems" || key == "not" ||
          (key == "items" && !value.is_array())) {
        stack.push_back({&value, here});
      }
      if (key == "items" && value.is_array()) {
        push_list(value, here);
      }
      if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!value.is_array() || value.empty()) {
          *error = here + ": expected a non-empty array of schemas";
          return false;
        }
        push_list(value, here);
      }
      if (key == "$ref") {
        if (!value.is_string() || resolve_ref(root, value.get<std::string>()) == nullptr) {
          *error = here + ": unresolvable reference " + value.dump();
          return false;
        }
      }
      if (key == "pattern") {
        if (!value.is_string()) {
          *error = here + ": expected a string";
          return false;
        }
        patterns.emplace(value.get<std::string>(), nullptr);
      }
      if (key == "required" && !value.is_array()) {
        *error = here + ": expected an array";
        return false;
      }
      if (key == "type" && !value.is_string() && !value.is_array()) {
        *error = here + ": expected a string or an array";
        return false;
      }
    }
  }
  for (auto& [text, compiled] : patterns) {
    RE2::Options options;
    options.set_log_errors(false);
    compiled = std::make_unique<RE2>(text, options);
    if (!compiled->ok()) {
      *error = "pattern " + json(text).dump() + ": " + compiled->error();
      return false;
    }
  }
  return true;
}

namespace {

enum class TaskKind { validate, any_of, one_of, negate };

struct Task {
  TaskKind kind;
  const json* schema = nullptr;
  const json* instance = nullptr;
  std::string path;
  size_t sink = 0;         // where errors go
  size_t first_child = 0;  // combiners: sinks of their branches
  size_t children = 0;
  int ref_hops = 0;  // consecutive $refs on the same value; a cycle never makes progress
};

}  // namespace

// Evaluates with an explicit stack instead of recursion. A combiner (anyOf, oneOf, not) is
// pushed before its branches, so every branch, with everything it spawns, finishes first.
void JsonSchema::Compiled::run(const json& document, std::vector<std::string>* errors) const {
  std::vector<std::vector<std::string>> sinks(1);
  std::vector<Task> stack;
  stack.push_back({TaskKind::validate, &root, &document, "", 0, 0, 0});
  size_t steps = 0;
  while (!stack.empty()) {
    if (++steps > k_step_limit) {
      sinks[0].push_back("validation stopped after too many steps (recursive $ref?)");
      break;
    }
    Task task = std::move(stack.back());
    stack.pop_back();
    auto fail = [&](const std::string& what) {
      sinks[task.sink].push_back((task.path.empty() ? "/" : task.path) + ": " + what);
    };
    if (task.kind != TaskKind::validate) {
      size_t passed = 0;
      std::string first_errors;
      for (size_t i = 0; i < task.children; ++i) {
        const auto& child = sinks[task.first_child + i];
        if (child.empty()) {
          ++passed;
        } else if (first_errors.empty()) {
          first_errors = child.front();
        }
      }
      if (task.kind == TaskKind::any_of && passed == 0) {
        fail("matches none of the anyOf schemas (first branch: " + first_errors + ")");
      } else if (task.kind == TaskKind::one_of && passed != 1) {
        fail("matches " + std::to_string(passed) + " of the oneOf schemas, expected exactly 1" +
             (passed == 0 ? " (first branch: " + first_errors + ")" : ""));
      } else if (task.kind == TaskKind::negate && passed == 1) {
        fail("matches a schema it must not match");
      }
      continue;
    }
    const json& schema = *task.schema;
    const json& value = *task.instance;
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) {
        fail("no value is allowed here");
      }
      continue;
    }
    auto child = [&](const json& sub, const json& inst, const std::string& path) {
      stack.push_back({TaskKind::validate, &sub, &inst, path, task.sink, 0, 0});
    };
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      // draft-07: a $ref replaces every sibling keyword.
      if (task.ref_hops >= k_max_ref_hops) {
        fail("$ref cycle: " + ref->get<std::string>() + " never reaches a schema");
        continue;
      }
      stack.push_back({TaskKind::validate, resolve_ref(root, ref->get<std::string>()), &value,
                       task.path, task.sink, 0, 0, task.ref_hops + 1});
      continue;
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      bool ok = false;
      if (type->is_string()) {
        ok = type_matches(type->get<std::string>(), value);
      } else {
        for (const auto& t : *type) {
          ok = ok || (t.is_string() && type_matches(t.get<std::string>(), value));
        }
      }
      if (!ok) {
        fail("expected type " + type->dump() + ", got " + std::string(value.type_name()));
        continue;  // the remaining keywords would only repeat the same problem
      }
    }
    if (auto options = schema.find("enum"); options != schema.end()) {
      bool found = false;
      for (const auto& option : *options) {
        found = found || option == value;
      }
      if (!found) {
        fail(value.dump() + " is not one of " + options->dump());
      }
    }
    if (auto expected = schema.find("const"); expected != schema.end() && *expected != value) {
      fail("expected " + expected->dump() + ", got " + value.dump());
    }
    if (value.is_number()) {
      double number = value.get<double>();
      auto bound = [&](const char* key, auto bad, const char* what) {
        if (auto b = schema.find(key);
            b != schema.end() && b->is_number() && bad(number, b->template get<double>())) {
          fail(value.dump() + " " + what + " " + b->dump());
        }
      };
      bound(
          "minimum", [](double n, double b) { return n < b; }, "is below the minimum");
      bound(
          "maximum", [](double n, double b) { return n > b; }, "is above the maximum");
      bound(
          "exclusiveMinimum", [](double n, double b) { return n <= b; }, "is not above");
      bound(
          "exclusiveMaximum", [](double n, double b) { return n >= b; }, "is not below");
    }
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      size_t length = utf8_length(text);
      if (auto b = schema.find("minLength"); b != schema.end() && length < b->get<size_t>()) {
        fail("string shorter than " + b->dump());
      }
      if (auto b = schema.find("maxLength"); b != schema.end() && length > b->get<size_t>()) {
        fail("string longer than " + b->dump());
      }
      if (auto p = schema.find("pattern"); p != schema.end()) {
        const RE2& re = *patterns.at(p->get<std::string>());
        if (!RE2::PartialMatch(text, re)) {
          fail(value.dump() + " does not match pattern " + p->dump());
        }
      }
    }
    if (value.is_array()) {
      if (auto b = schema.find("minItems"); b != schema.end() && value.size() < b->get<size_t>()) {
        fail("fewer than " + b->dump() + " items");
      }
      if (auto b = schema.find("maxItems"); b != schema.end() && value.size() > b->get<size_t>()) {
        fail("more than " + b->dump() + " items");
      }
      if (auto u = schema.find("uniqueItems"); u != schema.end() && u->get<bool>()) {
        for (size_t i = 0; i < value.size(); ++i) {
          for (size_t j = i + 1; j < value.size(); ++j) {
            if (value[i] == value[j]) {
              fail("items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
            }
          }
        }
      }
      if (auto items = schema.find("items"); items != schema.end()) {
        for (size_t i = 0; i < value.size(); ++i) {
          std::string path = task.path + "/" + std::to_string(i);
          if (items->is_array()) {
            if (i < items->size()) {
              child((*items)[i], value[i], path);
            } else if (auto extra = schema.find("additionalItems"); extra != schema.end()) {
              child(*extra, value[i], path);
            }
          } else {
            child(*items, value[i], path);
          }
        }
      }
    }
    if (value.is_object()) {
      if (auto b = schema.find("minProperties");
          b != schema.end() && value.size() < b->get<size_t>()) {
        fail("fewer than " + b->dump() + " properties");
      }
      if (auto b = schema.find("maxProperties");
          b != schema.end() && value.size() > b->get<size_t>()) {
        fail("more than " + b->dump() + " properties");
      }
      if (auto required = schema.find("required"); required != schema.end()) {
        for (const auto& name : *required) {
          if (!value.contains(name.get<std::string>())) {
            fail("missing required property " + name.dump());
          }
        }
      }
      auto properties = schema.find("properties");
      auto pattern_properties = schema.find("patternProperties");
      auto additional = schema.find("additionalProperties");
      for (auto it = value.begin(); it != value.end(); ++it) {
        std::string path = task.path + "/" + escape_pointer(it.key());
        bool matched = false;
        if (properties != schema.end() && properties->contains(it.key())) {
          matched = true;
          child((*properties)[it.key()], it.value(), path);
        }
        if (pattern_properties != schema.end()) {
          for (auto p = pattern_properties->begin(); p != pattern_properties->end(); ++p) {
            if (RE2::PartialMatch(it.key(), *patterns.at(p.key()))) {
              matched = true;
              child(p.value(), it.value(), path);
            }
          }
        }
        if (!matched && additional != schema.end()) {
          if (additional->is_boolean() && !additional->get<bool>()) {
            fail("unexpected property \"" + it.key() + "\"");
          } else if (additional->is_object()) {
            child(*additional, it.value(), path);
          }
        }
      }
    }
    if (auto all = schema.find("allOf"); all != schema.end()) {
      for (const auto& sub : *all) {
        child(sub, value, task.path);
      }
    }
    for (auto [key, kind] :
         {std::pair{"anyOf", TaskKind::any_of}, std::pair{"oneOf", TaskKind::one_of},
          std::pair{"not", TaskKind::negate}}) {
      auto branches = schema.find(key);
      if (branches == schema.end()) {
        continue;
      }
      size_t count = kind == TaskKind::negate ? 1 : branches->size();
      size_t first = sinks.size();
      sinks.resize(sinks.size() + count);
      stack.push_back({kind, nullptr, nullptr, task.path, task.sink, first, count});
      for (size_t i = 0; i < count; ++i) {
        const json& sub = kind == TaskKind::negate ? *branches : (*branches)[i];
        stack.push_back({TaskKind::validate, &sub, &value, task.path, first + i, 0, 0});
      }
    }
  }
  *errors = std::move(sinks[0]);
}

std::optional<JsonSchema> JsonSchema::parse(std::string_view text, std::string* error) {
  auto compiled = std::make_shared<Compiled>();
  try {
    compiled->root = json::parse(text);
  } catch (const json::parse_error& e) {
    *error = std::string("schema is not JSON: ") + e.what();
    return std::nullopt;
  }
  if (!compiled->check(error)) {
    return std::nullopt;
  }
  JsonSchema schema;
  schema.m_compiled = std::move(compiled);
  return schema;
}

std::optional<JsonSchema> JsonSchema::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot read";
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto schema = parse(buffer.str(), error);
  if (!schema) {
    *error = path + ": " + *error;
  }
  return schema;
}

std::vector<std::string> JsonSchema::validate(const json& document) const {
  std::vector<std::string> errors;
  m_compiled->run(document, &errors);
  return errors;
}

std::vector<std::string> JsonSchema::validate_text(std::string_view document) const {
  json parsed;
  try {
    parsed = json::parse(document);
  } catch (const json::parse_error& e) {
    return {std::string("document is not JSON: ") + e.what()};
  }
  return validate(parsed);
}

}  // namespace tarsier::test
