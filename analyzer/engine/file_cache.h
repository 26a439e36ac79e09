// A lasting store of per-file outcomes, supplied by the caller of Analyzer::analyze (the scan
// pipeline keeps it in the risk database): a file analysed by an earlier run, or in another
// package, under the same rules and options is read back instead of analysed again. Keys and
// values are opaque text made by the engine (file_outcome_codec.h); the store only keeps them.
#pragma once

#include <optional>
#include <string>

namespace tarsier {

class FileCache {
 public:
  virtual ~FileCache() = default;
  // The value stored under `key`, or nullopt. Called from several threads at once.
  virtual std::optional<std::string> load(const std::string& key) = 0;
  // Keeps `value` under `key` (a store may write it later, in batches). Thread-safe.
  virtual void save(const std::string& key, std::string value) = 0;
};

}  // namespace tarsier
