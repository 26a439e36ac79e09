#include "analyzer/registry/python_dist.h"

#include <array>
#include <vector>

#include "analyzer/util/python_name.h"

namespace tarsier {
namespace {

struct SdistExtension {
  std::string_view suffix;
  ArchiveKind archive;
};

constexpr std::array<SdistExtension, 6> k_sdist_extensions = {{
    {".tar.gz", ArchiveKind::sdist},
    {".tgz", ArchiveKind::sdist},
    {".tar.bz2", ArchiveKind::sdist},
    {".tar.xz", ArchiveKind::sdist},
    {".tar", ArchiveKind::sdist},
    {".zip", ArchiveKind::zip},
}};

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) {
    return false;
  }
  std::string_view tail = text.substr(text.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = tail[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != suffix[i]) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_dashes(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dash = text.find('-', start);
    parts.push_back(text.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) {
      return parts;
    }
    start = dash + 1;
  }
}

bool tag_set_contains(std::string_view set, std::string_view tag) {
  size_t start = 0;
  while (start <= set.size()) {
    size_t dot = set.find('.', start);
    if (set.substr(start, dot == std::string_view::npos ? dot : dot - start) == tag) {
      return true;
    }
    if (dot == std::string_view::npos) {
      return false;
    }
    start = dot + 1;
  }
  return false;
}

}  // namespace

std::optional<DistFilename> parse_dist_filename(std::string_view filename,
                                                std::string_view project) {
  std::string key = normalize_project_name(project);
  if (filename.find('/') != std::string_view::npos || key.empty()) {
    return std::nullopt;
  }
  DistFilename dist;
  if (ends_with_ci(filename, ".whl")) {
    auto parts = split_dashes(filename.substr(0, filename.size() - 4));
    if ((parts.size() != 5 && parts.size() != 6) || normalize_project_name(parts[0]) != key ||
        parts[1].empty()) {
      return std::nullopt;
    }
    dist.wheel = true;
    dist.archive = ArchiveKind::zip;
    dist.version = std::string(parts[1]);
    dist.python_tag = std::string(parts[parts.size() - 3]);
    dist.abi_tag = std::string(parts[parts.size() - 2]);
    dist.platform_tag = std::string(parts[parts.size() - 1]);
    return dist;
  }
  for (const auto& ext : k_sdist_extensions) {
    if (!ends_with_ci(filename, ext.suffix)) {
      continue;
    }
    std::string_view stem = filename.substr(0, filename.size() - ext.suffix.size());
    // The name itself may contain '-' in older sdists ("python-dateutil-2.8.2.tar.gz"): try
    // every split point from the left until the name part matches the project.
    for (size_t dash = stem.find('-'); dash != std::string_view::npos;
         dash = stem.find('-', dash + 1)) {
      if (normalize_project_name(stem.substr(0, dash)) == key && dash + 1 < stem.size()) {
        dist.archive = ext.archive;
        dist.version = std::string(stem.substr(dash + 1));
        return dist;
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ArchiveKind> archive_kind_of(std::string_view filename) {
  if (ends_with_ci(filename, ".whl")) {
    return ArchiveKind::zip;
  }
  for (const auto& ext : k_sdist_extensions) {
    if (ends_with_ci(filename, ext.suffix)) {
      return ext.archive;
    }
  }
  return std::nullopt;
}

int wheel_preference(const DistFilename& wheel) {
  if (!wheel.wheel || !tag_set_contains(wheel.abi_tag, "none") ||
      !tag_set_contains(wheel.platform_tag, "any")) {
    return 0;
  }
  return tag_set_contains(wheel.python_tag, "py3") ? 2 : 1;
}

}  // namespace tarsier
