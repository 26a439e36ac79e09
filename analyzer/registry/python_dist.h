// Python distribution file names: wheels ("name-1.0(-build)-py3-none-any.whl", PEP 427) and
// source distributions ("name-1.0.tar.gz", legacy spellings with '-' in the name too), and
// which archive reader each one needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/archive/archive_reader.h"

namespace tarsier {

struct DistFilename {
  bool wheel = false;
  std::string version;                            // as written in the file name
  std::string python_tag, abi_tag, platform_tag;  // wheels only, possibly "py2.py3" sets
  ArchiveKind archive = ArchiveKind::sdist;       // zip for wheels and .zip sdists
};

// Parses `filename` as a distribution of `project` (compared after PEP 503 normalisation);
// nullopt for other projects' files and for formats tarsier does not read (.egg, .exe, .msi,
// .rpm, ...).
std::optional<DistFilename> parse_dist_filename(std::string_view filename,
                                                std::string_view project);

// The reader for an archive file name by its extension alone (.whl/.zip: zip; .tar.gz, .tgz,
// .tar.bz2, .tar.xz, .tar: sdist); nullopt for anything else.
std::optional<ArchiveKind> archive_kind_of(std::string_view filename);

// How much a wheel is preferred for analysis: 2 for pure Python 3 ("py3-none-any", also inside
// tag sets such as "py2.py3"), 1 for any other "none-any" wheel, 0 otherwise.
int wheel_preference(const DistFilename& wheel);

}  // namespace tarsier
