// YAML lockfiles (pnpm-lock.yaml, Yarn Berry's yarn.lock) through yaml-cpp: loading with every
// exception caught and turned into "path:line:col: ...", and small typed accessors. yaml-cpp
// nodes carry their position (Mark), so line numbers come for free.
#pragma once

#include <yaml-cpp/yaml.h>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/lockfile.h"

namespace tarsier {

// Loads every document of `text` (pnpm 10 writes its config dependencies as a first document);
// each must be a mapping. Nesting is bounded first (analyzer/util/nesting.h). On failure appends
// one fatal diagnostic to `result` and returns false.
bool load_yaml_documents(std::string_view text, const std::string& path, std::string_view kind,
                         std::vector<YAML::Node>* documents, LockfileResult* result);

// Loads `text`, which must hold one document; the root must be a mapping. On failure appends one
// fatal diagnostic to `result` and returns false. `kind` names the expected format in messages ("a
// pnpm lockfile").
bool load_yaml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        YAML::Node* root, LockfileResult* result);

// The value at `key` of a mapping, or a Null node when `map` is not a mapping or lacks the key.
// Use this instead of operator[]: yaml-cpp returns an "invalid" node for a missing key, and
// asking that node anything throws.
YAML::Node yaml_child(const YAML::Node& map, const char* key);

// The scalar at `key` of a mapping, or "" when absent, null or not a scalar.
std::string yaml_string(const YAML::Node& map, const char* key);

// True when `key` holds the scalar `true`.
bool yaml_flag(const YAML::Node& map, const char* key);

// A node's 1-based line (0 when unknown).
int yaml_line(const YAML::Node& node);

Diagnostic yaml_error_at(const std::string& path, const YAML::Node& node, std::string message);

// Reads one entry of a YAML lockfile with `read()`. yaml-cpp throws on node shapes a reader did
// not expect; such an exception costs this entry only: it becomes an error at the entry's key
// (`path:line:col`) and the entries before and after are kept. False when the entry failed.
template <class Read>
bool read_yaml_entry(const std::string& path, const YAML::Node& key, LockfileResult* result,
                     Read&& read) {
  try {
    read();
    return true;
  } catch (const std::exception& error) {
    result->errors.push_back(
        yaml_error_at(path, key, std::string("unexpected entry structure: ") + error.what()));
    return false;
  }
}

}  // namespace tarsier
