// Outcomes of files already analysed by one Analyzer, keyed by their content: a dependency tree
// often holds the same file many times (platform variants of one package, several versions of a
// package that share most files). A repeat is answered from the first analysis, with the
// finding paths rewritten, instead of being scanned, parsed and queried again.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "analyzer/engine/file_scan.h"

namespace tarsier {

class FileMemo {
 public:
  // Files shorter than this are cheaper to analyse than to hash and look up.
  static constexpr size_t k_min_bytes = 1024;
  // Bounds the memory held: a memo entry costs its signals; beyond this many stored signals
  // (about 200 bytes each plus their text) new outcomes are no longer kept.
  static constexpr size_t k_max_signals = 250'000;

  // The outcome of an earlier file with the same bytes, language and install-time reach, its
  // findings moved to `job.path`; nullopt when there is none. `key` receives the lookup key
  // for store().
  std::optional<FileOutcome> find(const FileJob& job, std::string* key) const;
  void store(const std::string& key, const FileOutcome& outcome);

  // Lookups answered from the memo, for benchmarks.
  uint64_t hits() const;

 private:
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, FileOutcome> m_outcomes;
  size_t m_signals = 0;
  mutable uint64_t m_hits = 0;
};

}  // namespace tarsier
