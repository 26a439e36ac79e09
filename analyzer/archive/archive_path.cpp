#include "analyzer/archive/archive_path.h"

#include <vector>

namespace tarsier {

std::string display_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += '/';
    } else if (byte < 0x20 || byte == 0x7f) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

ArchivePath classify_archive_path(std::string_view raw, bool strip_first_component) {
  ArchivePath result;
  std::string name = display_name(raw);
  bool drive = name.size() >= 2 && name[1] == ':' &&
               ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'));
  if (!name.empty() && name[0] == '/') {
    result.escapes = true;
  }
  if (drive) {
    result.escapes = true;
  }

  std::vector<std::string_view> parts;
  std::string_view rest = name;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      result.escapes = true;
    }
    parts.push_back(part);
  }
  if (result.escapes) {
    result.display = name;
    return result;
  }
  size_t first = strip_first_component ? 1 : 0;
  if (parts.size() <= first) {
    result.dropped = true;
    return result;
  }
  for (size_t i = first; i < parts.size(); ++i) {
    if (!result.display.empty()) {
      result.display += '/';
    }
    result.display += parts[i];
  }
  return result;
}

}  // namespace tarsier
