// yarn.lock in its two unrelated syntaxes: classic (Yarn 1, its own indented format) and Berry
// (Yarn 2+, YAML with `__metadata`). The "yarn.lock" parser picks one by content.
#pragma once

#include <string>
#include <string_view>

#include "parsers/lockfile.h"

namespace tarsier {

LockfileResult parse_yarn_classic(std::string_view text, const std::string& path);
LockfileResult parse_yarn_berry(std::string_view text, const std::string& path);

// Applies a yarn descriptor ("name@range", "alias@npm:real@range", "name@git+https://...")
// and the resolved value to `ref`: real name, alias, source. `descriptor` is one of the
// comma-separated names of an entry.
void apply_yarn_descriptor(std::string_view descriptor, PackageRef* ref);

}  // namespace tarsier
