// JSON lockfiles (package-lock.json, npm-shrinkwrap.json, Pipfile.lock, bun.lock). nlohmann
// parses the document; a light second pass records where each container-valued key sits,
// because nlohmann keeps no positions and every PackageRef needs its lockfile line.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/common/text.h"
#include "parsers/lockfile.h"

namespace tarsier {

inline constexpr size_t k_no_offset = std::numeric_limits<size_t>::max();

// Byte offsets of object keys whose value is an object or an array. Paths are object keys, and
// array elements as their decimal index. Only meaningful for text that already parsed as JSON.
class JsonKeyPositions {
 public:
  // Records every key with a container value, and keys with scalar values up to `max_depth`
  // (members of the root object are depth 1); deeper container keys are skipped too.
  void build(std::string_view text, size_t max_depth);
  size_t offset(std::initializer_list<std::string_view> path) const;
  size_t offset(const std::vector<std::string>& path) const;

 private:
  std::unordered_map<std::string, size_t> m_offsets;
};

struct JsonDocument {
  nlohmann::json root;
  JsonKeyPositions keys;
  LineIndex lines{""};
  std::string path;

  // 1-based line of the key at `path`, 0 when unknown.
  int line_of(const std::vector<std::string>& key_path) const;
  // A diagnostic at the key at `path` (the file itself when the key is unknown).
  Diagnostic error_at(const std::vector<std::string>& key_path, std::string message) const;
};

struct JsonParseOptions {
  bool trailing_commas = false;  // bun.lock is JSON with trailing commas
  // Depth up to which key positions are recorded; 0 leaves JsonDocument::keys empty for the
  // caller to build once it knows what it needs (the cost grows with every key recorded).
  size_t key_depth = std::numeric_limits<size_t>::max();
};

// Parses `text` as a JSON document. On failure (empty file, syntax error) appends one fatal
// "path:line:col: ..." diagnostic to `result` and returns false; never throws.
bool parse_json_lockfile(std::string_view text, const std::string& path,
                         const JsonParseOptions& options, JsonDocument* document,
                         LockfileResult* result);

// Reads an optional string member. Returns false (and sets `error`) when the member exists but
// is not a string; `out` is left empty when the member is absent.
bool json_string_member(const nlohmann::json& object, const char* key, std::string* out,
                        std::string* error);

// An optional boolean member: true only for a JSON `true`.
bool json_flag(const nlohmann::json& object, const char* key);

}  // namespace tarsier
