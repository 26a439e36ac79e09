// What runs when a package is installed. npm: lifecycle scripts of package.json (preinstall,
// install, postinstall; prepare for git and folder installs) and the implicit `node-gyp rebuild`
// when binding.gyp exists and no install/preinstall script is set; binding.gyp `<!(...)` command
// expansions. Python: setup.py (its top level and command classes run at install), .pth files (run
// at every start), in-tree PEP 517 build backends, setup.cfg `[options] cmdclass` modules. From
// these entry points the files reached are followed: `node file` / `sh file` / `python file` in a
// script line, then relative require/import specifiers of those files, found lexically so the
// result does not depend on parse mode.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/engine/language.h"
#include "analyzer/engine/package_manifest.h"

namespace tarsier {

struct InstallCommand {
  std::string hook;     // "postinstall", "install (implicit)", "binding.gyp", ...
  std::string command;  // the shell command line
  std::string file;     // where it is written ("package.json", "binding.gyp")
  int line = 0;
  int column = 0;
  bool implicit = false;  // node-gyp rebuild added by npm itself
};

struct InstallReach {
  std::vector<InstallCommand> commands;
  std::set<std::string> files;           // package paths that run at install time
  std::map<std::string, Lang> run_as;    // files an install command runs with an interpreter
  std::vector<std::string> inline_code;  // `node -e "..."` bodies (JavaScript)
  std::vector<std::string> errors;       // "package.json:1:1: ..." for an unreadable manifest
};

// Finds the install-time entry points of a package and the files they reach. npm runs `prepare`
// only when it installs from git or a local folder, never from a registry archive: with
// `runs_prepare` false it is not an entry point. `manifest` is root_package_json(files).
InstallReach find_install_reach(const std::vector<ArchiveEntry>& files, const PackageJson& manifest,
                                bool runs_prepare = true);

// Relative module specifiers (`./x`, `../y`) required or imported by JavaScript source, found
// lexically.
std::vector<std::string> relative_specifiers(std::string_view source);

// Resolves a specifier against the importing file within the package (tries .js, .cjs, .mjs,
// .json and /index.js); "" when no such file exists.
std::string resolve_in_package(const std::set<std::string>& paths, const std::string& from,
                               const std::string& specifier);

}  // namespace tarsier
