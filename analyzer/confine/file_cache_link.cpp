#include "analyzer/confine/file_cache_link.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "analyzer/confine/frame_io.h"
#include "analyzer/engine/file_outcome_codec.h"

namespace tarsier {

namespace {

constexpr char k_hit = 'H';
constexpr char k_miss = 'M';

// Keys are the engine's: a hex digest, a language and flag letter, the options tag.
bool valid_key(const std::string& key) {
  return !key.empty() && key.size() <= k_max_file_key_bytes &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::optional<WorkerMessage> read_store(std::string* frame) {
  uint64_t key_size = 0;
  if (frame->size() < sizeof key_size) {
    return std::nullopt;
  }
  std::memcpy(&key_size, frame->data(), sizeof key_size);
  if (key_size > k_max_file_key_bytes || key_size > frame->size() - sizeof key_size ||
      frame->size() - sizeof key_size - key_size > k_max_file_outcome_bytes) {
    return std::nullopt;
  }
  WorkerMessage message;
  message.kind = WorkerMessageKind::store;
  message.key = frame->substr(sizeof key_size, key_size);
  message.outcome = frame->substr(sizeof key_size + key_size);
  frame->clear();
  if (!valid_key(message.key) || !decode_file_outcome(message.outcome, "")) {
    return std::nullopt;
  }
  return message;
}

}  // namespace

std::string lookup_message(const std::string& key) {
  return key + static_cast<char>(WorkerMessageKind::lookup);
}

std::string store_message(const std::string& key, const std::string& outcome) {
  uint64_t key_size = key.size();
  std::string out(reinterpret_cast<const char*>(&key_size), sizeof key_size);
  out.reserve(sizeof key_size + key.size() + outcome.size() + 1);
  out += key;
  out += outcome;
  out += static_cast<char>(WorkerMessageKind::store);
  return out;
}

void mark_reply(std::string* encoded_reply) {
  encoded_reply->push_back(static_cast<char>(WorkerMessageKind::reply));
}

std::optional<WorkerMessage> read_worker_message(std::string* frame) {
  if (frame->empty()) {
    return std::nullopt;
  }
  char kind = frame->back();
  frame->pop_back();
  if (kind == static_cast<char>(WorkerMessageKind::reply)) {
    return WorkerMessage{};
  }
  if (kind == static_cast<char>(WorkerMessageKind::store)) {
    return read_store(frame);
  }
  if (kind != static_cast<char>(WorkerMessageKind::lookup) || !valid_key(*frame)) {
    return std::nullopt;
  }
  WorkerMessage message;
  message.kind = WorkerMessageKind::lookup;
  message.key = std::move(*frame);
  frame->clear();
  return message;
}

std::optional<std::string> WorkerFileCache::load(const std::string& key) {
  if (m_broken || !write_frame(m_fd, lookup_message(key), true)) {
    m_broken = true;
    return std::nullopt;
  }
  std::string answer;
  auto forever = std::chrono::steady_clock::time_point::max();
  if (read_frame(m_fd, &answer, k_max_file_outcome_bytes + 1, forever) != FrameStatus::ok ||
      answer.empty() || (answer[0] != k_hit && answer[0] != k_miss)) {
    m_broken = true;
    return std::nullopt;
  }
  if (answer[0] == k_miss) {
    return std::nullopt;
  }
  return answer.substr(1);
}

void WorkerFileCache::save(const std::string& key, std::string value) {
  if (m_broken || key.size() > k_max_file_key_bytes || value.size() > k_max_file_outcome_bytes) {
    return;  // the scanning process would refuse it
  }
  m_broken = !write_frame(m_fd, store_message(key, value), true);
}

bool FileCacheServer::serve(WorkerMessage message, int fd) {
  if (message.kind == WorkerMessageKind::store) {
    if (m_missed.erase(message.key) == 0) {
      return false;  // not asked for in this job, or stored twice
    }
    if (m_cache != nullptr) {
      m_cache->save(message.key, std::move(message.outcome));
    }
    return true;
  }
  if (message.kind != WorkerMessageKind::lookup || ++m_lookups > m_max_lookups) {
    return false;
  }
  std::string answer(1, k_miss);
  if (m_cache != nullptr) {
    if (std::optional<std::string> found = m_cache->load(message.key);
        found && found->size() <= k_max_file_outcome_bytes) {
      answer = k_hit + *found;
    }
  }
  if (answer[0] == k_miss) {
    m_missed.insert(std::move(message.key));
  }
  return write_frame(fd, answer, false);
}

}  // namespace tarsier
