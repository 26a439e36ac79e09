#include "analyzer/engine/file_memo.h"

#include "analyzer/util/integrity.h"

namespace tarsier {

std::optional<FileOutcome> FileMemo::find(const FileJob& job, std::string* key) const {
  key->clear();
  // Code embedded in another file (package.json scripts) is placed by line, not by content.
  if (job.data.size() < k_min_bytes || job.line_offset != 0 || job.fixed_line != 0) {
    return std::nullopt;
  }
  // SHA-256, not a fast non-cryptographic hash: a package must not be able to pass its file off
  // as another one's by colliding with it.
  *key = hex_digest("sha256", job.data);
  *key += job.lang ? static_cast<char>('a' + static_cast<int>(*job.lang)) : '-';
  *key += job.install_time ? 'i' : '-';
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_outcomes.find(*key);
  if (it == m_outcomes.end()) {
    return std::nullopt;
  }
  ++m_hits;
  FileOutcome out = it->second;
  out.parsed = false;
  for (auto& s : out.signals) {
    s.finding.file = job.path;
  }
  return out;
}

void FileMemo::store(const std::string& key, const FileOutcome& outcome) {
  if (key.empty()) {
    return;
  }
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_signals + outcome.signals.size() > k_max_signals) {
    return;
  }
  if (m_outcomes.emplace(key, outcome).second) {
    m_signals += outcome.signals.size();
  }
}

uint64_t FileMemo::hits() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_hits;
}

}  // namespace tarsier
