// The archive kind of an ecosystem's .tar.gz.
#pragma once

#include "analyzer/archive/archive_reader.h"
#include "analyzer/ecosystem/ecosystem.h"

namespace tarsier {

// An unknown ecosystem (nullptr) reads as an sdist: the first path component is stripped either
// way, and no npm-specific meaning is given to its files.
inline ArchiveKind tarball_kind(const Ecosystem* ecosystem) {
  if (ecosystem != nullptr && ecosystem->tarball == TarballLayout::npm_pack) {
    return ArchiveKind::npm_tarball;
  }
  return ArchiveKind::sdist;
}

}  // namespace tarsier
