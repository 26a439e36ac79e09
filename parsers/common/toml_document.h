// TOML lockfiles (poetry.lock, uv.lock, pdm.lock, pylock.toml) through toml++: loading with
// parse errors turned into "path:line:col: ...", and typed accessors. toml++ records each
// node's source position, which gives the line of every package table.
#pragma once

#include <toml++/toml.h>
#include <string>
#include <string_view>

#include "parsers/lockfile.h"

namespace tarsier {

// Parses `text`. On failure (empty file, syntax error) appends one fatal diagnostic and returns
// false. `kind` names the expected format in messages ("a Poetry lockfile").
bool load_toml_lockfile(std::string_view text, const std::string& path, std::string_view kind,
                        toml::table* root, LockfileResult* result);

// The string at `key`, "" when absent or not a string.
std::string toml_string(const toml::table& table, std::string_view key);

int toml_line(const toml::node& node);

Diagnostic toml_error_at(const std::string& path, const toml::node& node, std::string message);

// The array of tables at `key` ([[package]]); nullptr when absent. Sets `error` when the key
// holds something else.
const toml::array* toml_table_array(const toml::table& root, std::string_view key,
                                    std::string* error);

}  // namespace tarsier
