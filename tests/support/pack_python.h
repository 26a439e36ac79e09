// Builds Python distributions in memory for tests, from fixture source trees: source
// distributions (tar.gz with a "<name>-<version>/" folder and PKG-INFO) and wheels (zip with
// the package files plus a .dist-info folder holding METADATA, WHEEL and RECORD). The archive
// writing itself is tests/support/pack.h's.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tarsier::test {

using FileList = std::vector<std::pair<std::string, std::string>>;  // relative path, content

// Every regular file under `dir` (recursively), '/'-separated relative paths, sorted; empty when
// `dir` is unreadable.
FileList read_tree(const std::string& dir);

// "<name with '-' and '.' as '_'>-<version>.tar.gz" and "...-<version>-py3-none-any.whl".
std::string sdist_file_name(const std::string& name, const std::string& version);
std::string wheel_file_name(const std::string& name, const std::string& version);

// A gzip'd tar sdist: every file under "<dist>-<version>/" plus a generated PKG-INFO.
std::string pack_sdist(const std::string& name, const std::string& version, const FileList& files);

// A py3-none-any wheel: the files except build scripts (setup.py, setup.cfg, pyproject.toml,
// PKG-INFO), plus <dist>-<version>.dist-info/{METADATA,WHEEL,RECORD}.
std::string pack_wheel(const std::string& name, const std::string& version, const FileList& files);

// Lower-case hex sha256 of `bytes`, as --hash=sha256:<hex> and index fragments write it.
std::string sha256_hex(const std::string& bytes);

}  // namespace tarsier::test
