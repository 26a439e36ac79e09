// Entry names inside package archives: deciding whether a name escapes the package and turning
// it into the relative, '/'-separated name reports show. Names are never used to touch the disk.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

struct ArchivePath {
  std::string display;   // normalised relative name (first component stripped when asked)
  bool escapes = false;  // absolute, drive-qualified or containing a ".." component
  bool dropped = false;  // nothing left after stripping: a top-level entry the installer skips
};

// Classifies a raw entry name. Backslashes count as separators too, because the same archive
// may be unpacked on Windows.
ArchivePath classify_archive_path(std::string_view raw, bool strip_first_component);

// The raw name made safe to print: control bytes become '?', backslashes become '/'.
std::string display_name(std::string_view raw);

}  // namespace tarsier
