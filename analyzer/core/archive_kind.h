// The archive formats packages come in; ecosystem descriptors name the one they publish.
#pragma once

namespace tarsier {

enum class ArchiveKind {
  npm_tarball,  // tar + gzip, first path component stripped ("package/")
  zip,          // wheels and zip sdists
  sdist,        // tar + gzip/bzip2/xz, first path component stripped
};

}  // namespace tarsier
