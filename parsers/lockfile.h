// The one interface every lockfile format implements. A parser takes text plus a display
// name (never a path it opens itself), so tests and fuzzers need no files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/package.h"

namespace tarsier {

// Another file a lockfile pulls in (requirements.txt `-r` / `-c`). Parsers never open files;
// the caller (parsers/inputs.h) reads includes, relative to the including file's folder.
struct LockfileInclude {
  std::string path;          // as written in the file
  bool constraints = false;  // `-c`: pins versions of listed packages, adds none
  int line = 0;
  int column = 0;
};

struct LockfileResult {
  std::vector<PackageRef> packages;  // every entry that parsed, even when errors is not empty
  std::vector<Diagnostic> errors;    // malformed file (packages empty) or bad entries
  std::vector<Diagnostic> warnings;  // usable but worth telling (unpinned requirement, ...)
  std::vector<LockfileInclude> includes;
  bool fatal = false;  // the file as a whole could not be read as this format
};

class LockfileParser {
 public:
  virtual ~LockfileParser() = default;
  // Short format id, e.g. "package-lock".
  virtual std::string_view format() const = 0;
  // Ecosystem of the packages it yields (an id of analyzer/ecosystem/ecosystem.h).
  virtual std::string_view ecosystem() const = 0;
  // True when a file with this base name is in this format (cheap; no parsing).
  virtual bool accepts_file_name(std::string_view base_name) const = 0;
  // Parses `text`; `display_path` is used for diagnostics and PackageRef::lockfile.
  virtual LockfileResult parse(std::string_view text, const std::string& display_path) const = 0;
};

// Every registered parser, in lookup order.
const std::vector<const LockfileParser*>& lockfile_parsers();

// The parser for a lockfile base name, or nullptr when no format matches.
const LockfileParser* find_lockfile_parser(std::string_view base_name);

// Comma-separated file names of the supported formats, for error messages.
std::string supported_lockfile_names();

}  // namespace tarsier
