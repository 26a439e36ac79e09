// Reading optional fields of JSON documents that come from elsewhere (registry answers): a
// missing field or one of another type reads as empty, never as an exception.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tarsier {

// object[key] when `object` is an object and that field is a string; "" otherwise.
inline std::string json_string_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return "";
  }
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace tarsier
