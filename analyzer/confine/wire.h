// The bytes a confined worker and the scanning process exchange: an AnalysisJob one way, an
// AnalysisReply the other. A plain length-prefixed binary form, so every string (file contents,
// snippets with invalid UTF-8) comes back byte for byte.
#pragma once

#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/confine/analysis_job.h"

namespace tarsier {

// A message as consecutive parts: small encoded pieces it owns and views of bytes it does not
// (a job's archives), so sending a job does not copy its archives into a buffer.
struct WireParts {
  WireParts() = default;
  WireParts(WireParts&&) = default;
  WireParts(const WireParts&) = delete;  // a copy's views would point into the original
  WireParts& operator=(WireParts&&) = default;
  WireParts& operator=(const WireParts&) = delete;

  std::list<std::string> owned;  // a list: views of its strings stay valid as it grows
  std::vector<std::string_view> parts;
  size_t size() const {
    size_t n = 0;
    for (std::string_view p : parts) {
      n += p.size();
    }
    return n;
  }
};

// With `file_cache`, the worker asks the scanning process for file outcomes (job.file_cache).
// The parts view `job`'s archives: `job` must outlive them.
WireParts encode_job_parts(const AnalysisJob& job, bool file_cache = false);
std::optional<AnalysisJob> decode_job(const std::string& bytes);

std::string encode_reply(const AnalysisReply& reply);
std::optional<AnalysisReply> decode_reply(const std::string& bytes);

}  // namespace tarsier
