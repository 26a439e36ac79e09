// Helpers for the lockfile parser tests: read a fixture, parse it, find a package.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "parsers/lockfile.h"
#include "tests/support/paths.h"

namespace tarsier::test {

inline std::string read_fixture(const std::string& relative) {
  std::ifstream in(source_path(relative), std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses fixtures/lockfiles/<relative>; the display path is the relative name.
inline LockfileResult parse_fixture(const LockfileParser& parser, const std::string& relative) {
  return parser.parse(read_fixture("fixtures/lockfiles/" + relative), relative);
}

inline const PackageRef* find_package(const LockfileResult& result, const std::string& name,
                                      const std::string& version = "") {
  for (const auto& ref : result.packages) {
    if (ref.name == name && (version.empty() || ref.version == version)) {
      return &ref;
    }
  }
  return nullptr;
}

// The 1-based line of the first line containing `needle` in a fixture, 0 when absent.
inline int fixture_line_of(const std::string& relative, const std::string& needle) {
  std::istringstream in(read_fixture("fixtures/lockfiles/" + relative));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find(needle) != std::string::npos) {
      return number;
    }
  }
  return 0;
}

}  // namespace tarsier::test
