// The file-level result cache (analyzer/engine/file_cache.h) across the worker boundary. While it
// analyses a job, a confined worker asks the scanning process for stored file outcomes by key
// (the file's content hash, language and options) and hands over the outcomes it made; the
// scanning process answers from its own FileCache (the risk database). The worker never holds a
// database handle or opens a file.
//
// Every frame from the worker ends with a one-byte kind: 'R' an encoded AnalysisReply (wire.h),
// 'L' a lookup (the key), 'S' a store (8-byte key length, key, outcome). A lookup is answered
// with 'H' + outcome or 'M'. The worker is untrusted: the scanning process bounds keys and
// outcomes, checks that an outcome decodes, and accepts a store only for a key that missed in
// the same job, at most once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "analyzer/engine/file_cache.h"

namespace tarsier {

constexpr size_t k_max_file_key_bytes = 256;
constexpr size_t k_max_file_outcome_bytes = size_t{16} << 20;

enum class WorkerMessageKind : char { reply = 'R', lookup = 'L', store = 'S' };

struct WorkerMessage {
  WorkerMessageKind kind = WorkerMessageKind::reply;
  std::string key;
  std::string outcome;  // a store's outcome
};

std::string lookup_message(const std::string& key);
std::string store_message(const std::string& key, const std::string& outcome);
// Marks an encoded reply as the job's last frame (appends its kind, no copy).
void mark_reply(std::string* encoded_reply);

// Reads a frame from the worker. A reply's bytes stay in `frame`, without their kind; a lookup
// or store is moved out. nullopt for an unknown kind, or a key or outcome out of bounds.
std::optional<WorkerMessage> read_worker_message(std::string* frame);

// In the worker: a FileCache whose lookups and stores go over the worker's socket.
class WorkerFileCache final : public FileCache {
 public:
  explicit WorkerFileCache(int fd) : m_fd(fd) {}
  std::optional<std::string> load(const std::string& key) override;
  void save(const std::string& key, std::string value) override;

 private:
  int m_fd;
  bool m_broken = false;  // the socket failed: every later lookup misses
};

// In the scanning process: answers one job's lookups and stores from `cache` (may be null: every
// lookup misses and stores are checked, then dropped). A job looks up each of its files once at
// most: `max_lookups` is its archives' entry limit.
class FileCacheServer {
 public:
  FileCacheServer(FileCache* cache, uint64_t max_lookups)
      : m_cache(cache), m_max_lookups(max_lookups) {}
  // Answers a lookup on `fd` or keeps a store. False when the message breaks the rules above
  // (the job fails) or the answer cannot be sent.
  bool serve(WorkerMessage message, int fd);

 private:
  FileCache* m_cache;
  uint64_t m_max_lookups;
  std::set<std::string> m_missed;  // keys that may be stored, once each
  uint64_t m_lookups = 0;
};

}  // namespace tarsier
