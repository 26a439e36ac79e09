// What a fresh install would pick now for a declared range, and where the ranges come from.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tarsier {

// An installer's choice for `range` among `versions` of an `ecosystem` package: `latest` (npm's
// dist-tags.latest, PyPI's newest release) when the range takes it in, else the highest version
// the range takes in (the ecosystem's order); "" when none does or the range does not parse.
std::string fresh_pick(const std::string& ecosystem, const std::string& range,
                       const std::vector<std::string>& versions, const std::string& latest);

// The ranges a project's package.json (the npm manifest format) (next to `lockfile`) declares, by
// package name: dependencies, optionalDependencies, devDependencies and peerDependencies (the first
// that names a package wins, in that order). Empty when there is no readable package.json.
std::map<std::string, std::string> declared_npm_ranges(const std::string& lockfile);

}  // namespace tarsier
