// The INI dialect of pip's configuration files, as Python's RawConfigParser reads them:
// [section] headers, `key = value` or `key: value`, '#'/';' comment lines, indented
// continuation lines, no interpolation. Keys are normalised as pip does (lower case, '_' -> '-',
// leading "--" dropped).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

// One configuration value and where it was written.
struct IniValue {
  std::string value;
  std::string where;  // "path:line:col"
};

// section -> key -> value of one file; keys are normalised as pip does (lower case, '_' -> '-').
using IniFile = std::map<std::string, std::map<std::string, IniValue>>;

// Parses one file; lines that cannot be read become warnings ("path:line:col: expected ...")
// and are skipped. Never fails.
IniFile parse_pip_ini(std::string_view text, const std::string& path,
                      std::vector<std::string>* warnings);

// `s` without surrounding spaces, tabs and line breaks.
std::string_view trim_ini(std::string_view s);

}  // namespace tarsier
