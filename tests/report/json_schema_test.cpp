#include <catch2/catch.hpp>
#include <string>

#include "tests/support/json_schema.h"

using tarsier::test::JsonSchema;

namespace {

JsonSchema schema_of(const std::string& text) {
  std::string error;
  auto schema = JsonSchema::parse(text, &error);
  INFO(error);
  REQUIRE(schema.has_value());
  return *schema;
}

bool has_error(const std::vector<std::string>& errors, const std::string& part) {
  for (const auto& e : errors) {
    if (e.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("json schema: types, required and additional properties", "[report][schema]") {
  auto schema = schema_of(R"({
    "type": "object", "required": ["a", "b"], "additionalProperties": false,
    "properties": {
      "a": {"type": "integer", "minimum": 0, "maximum": 10},
      "b": {"type": ["string", "null"], "minLength": 2, "pattern": "^x"},
      "c": {"type": "array", "items": {"enum": ["p", "q"]}, "minItems": 1, "uniqueItems": true},
      "d": {"const": 1}
    }})");
  REQUIRE(schema.validate_text(R"({"a": 3, "b": "xy"})").empty());
  REQUIRE(schema.validate_text(R"({"a": 3, "b": null, "c": ["p", "q"], "d": 1})").empty());
  REQUIRE(has_error(schema.validate_text(R"({"a": 3})"), "missing required property \"b\""));
  REQUIRE(has_error(schema.validate_text(R"({"a": 3, "b": "xy", "z": 1})"),
                    "unexpected property \"z\""));
  REQUIRE(has_error(schema.validate_text(R"({"a": 3.5, "b": "xy"})"), "/a: expected type"));
  REQUIRE(
      has_error(schema.validate_text(R"({"a": -1, "b": "xy"})"), "/a: -1 is below the minimum"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 11, "b": "xy"})"), "above the maximum"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "x"})"), "shorter"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "yy"})"), "does not match pattern"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "xy", "c": ["r"]})"), "/c/0:"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "xy", "c": []})"), "fewer than 1 items"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "xy", "c": ["p", "p"]})"), "are equal"));
  REQUIRE(has_error(schema.validate_text(R"({"a": 1, "b": "xy", "d": 2})"), "/d: expected 1"));
  REQUIRE(has_error(schema.validate_text("not json"), "not JSON"));
  REQUIRE(schema.validate_text(R"({"a": 2.0, "b": "xy"})").empty());
}

TEST_CASE("json schema: $ref, anyOf, oneOf, not, allOf, patternProperties", "[report][schema]") {
  auto schema = schema_of(R"({
    "definitions": {
      "node": {"type": "object", "properties": {
        "kind": {"enum": ["leaf", "tree"]},
        "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}},
      "num_or_str": {"anyOf": [{"type": "number"}, {"type": "string"}]},
      "exactly_one": {"oneOf": [{"type": "integer"}, {"minimum": 5}]}
    },
    "type": "object",
    "properties": {
      "root": {"$ref": "#/definitions/node"},
      "v": {"$ref": "#/definitions/num_or_str"},
      "w": {"$ref": "#/definitions/exactly_one"},
      "n": {"not": {"type": "null"}},
      "all": {"allOf": [{"type": "string"}, {"maxLength": 3}]},
      "map": {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "integer"}},
              "additionalProperties": false}
    }})");
  REQUIRE(schema.validate_text(R"({"root": {"kind": "tree", "children": [{"kind": "leaf"}]}})")
              .empty());
  REQUIRE(has_error(schema.validate_text(R"({"root": {"children": [{"kind": "bush"}]}})"),
                    "/root/children/0/kind:"));
  REQUIRE(
      schema.validate_text(R"({"v": 1, "w": 2, "n": 0, "all": "abc", "map": {"ab": 1}})").empty());
  REQUIRE(has_error(schema.validate_text(R"({"v": true})"), "/v: matches none of the anyOf"));
  // 7 is an integer and >= 5: both branches match.
  REQUIRE(has_error(schema.validate_text(R"({"w": 7})"), "matches 2 of the oneOf"));
  REQUIRE(has_error(schema.validate_text(R"({"w": 2.5})"), "matches 0 of the oneOf"));
  REQUIRE(
      has_error(schema.validate_text(R"({"n": null})"), "/n: matches a schema it must not match"));
  REQUIRE(has_error(schema.validate_text(R"({"all": "abcd"})"), "longer than 3"));
  REQUIRE(has_error(schema.validate_text(R"({"map": {"ab": "x"}})"), "/map/ab: expected type"));
  REQUIRE(has_error(schema.validate_text(R"({"map": {"AB": 1}})"), "unexpected property \"AB\""));
}

TEST_CASE("json schema: unsupported schemas are rejected at load", "[report][schema]") {
  std::string error;
  REQUIRE_FALSE(JsonSchema::parse(R"({"type": "object", "propertyNames": {}})", &error));
  REQUIRE(error.find("propertyNames: unsupported keyword") != std::string::npos);
  REQUIRE_FALSE(JsonSchema::parse(R"({"$ref": "#/definitions/missing"})", &error));
  REQUIRE(error.find("unresolvable") != std::string::npos);
  REQUIRE_FALSE(JsonSchema::parse(R"({"pattern": "(unclosed"})", &error));
  REQUIRE_FALSE(JsonSchema::parse("{", &error));
  REQUIRE_FALSE(JsonSchema::load("/nonexistent/schema.json", &error));
}

TEST_CASE("json schema: a self-referencing $ref terminates", "[report][schema]") {
  auto schema = schema_of(R"({"definitions": {"loop": {"$ref": "#/definitions/loop"}},
                              "$ref": "#/definitions/loop"})");
  REQUIRE(has_error(schema.validate_text("1"), "$ref cycle"));
}
