// Recognising a lockfile by its content when its name says nothing ("base.json" written by
// `git show origin/main:package-lock.json > base.json`), choosing a format by its id
// (--lockfile-kind), and naming the lockfiles of ecosystems tarsier does not support.
#pragma once

#include <string>
#include <string_view>

#include "parsers/lockfile.h"

namespace tarsier {

// The parser whose format() is `kind` ("package-lock", "yarn.lock", ...), or nullptr.
const LockfileParser* lockfile_parser_by_kind(std::string_view kind);

// The format ids --lockfile-kind accepts, comma-separated.
std::string lockfile_kinds();

// The parser for a lockfile recognised by the start of its text, or nullptr.
const LockfileParser* detect_lockfile_parser(std::string_view text);

// "Cargo.lock (Rust)" when the name or content is the lockfile of an unsupported ecosystem
// (Rust, Ruby, Go, PHP, .NET, CocoaPods, Dart), else "".
std::string unsupported_lockfile(std::string_view base_name, std::string_view text);

}  // namespace tarsier
