#include "analyzer/cli/shard.h"

#include <algorithm>
#include <charconv>

namespace tarsier::cli {

namespace {

bool parse_number(std::string_view text, uint32_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

OptionSpec shard_option() {
  return {"shard", 0,
          true,    false,
          "I/N",   "take only share I (0 to N-1) of the packages, split stably by package key"};
}

Result<Shard> parse_shard(const std::string& text) {
  Shard shard;
  size_t slash = text.find('/');
  if (slash == std::string::npos ||
      !parse_number(std::string_view(text).substr(0, slash), &shard.index) ||
      !parse_number(std::string_view(text).substr(slash + 1), &shard.count) || shard.count == 0 ||
      shard.index >= shard.count) {
    return make_error(ErrorKind::invalid,
                      "--shard '" + text + "': expected I/N with 0 <= I < N (for example 0/4)");
  }
  return shard;
}

uint32_t shard_of(const std::string& key, uint32_t count) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : key) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return static_cast<uint32_t>(hash % count);
}

void keep_shard(const Shard& shard, ResolvedInputs* inputs) {
  auto& packages = inputs->packages;
  packages.erase(std::remove_if(packages.begin(), packages.end(),
                                [&](const PackageRef& ref) {
                                  return shard_of(package_identity(ref), shard.count) !=
                                         shard.index;
                                }),
                 packages.end());
  auto& archives = inputs->archives;
  archives.erase(std::remove_if(archives.begin(), archives.end(),
                                [&](const LocalArchive& archive) {
                                  return shard_of(archive.path, shard.count) != shard.index;
                                }),
                 archives.end());
}

}  // namespace tarsier::cli
