// The bytes a confined worker and the scanning process exchange: an AnalysisJob one way, an
// AnalysisReply the other. A plain length-prefixed binary form, so every string (file contents,
// snippets with invalid UTF-8) comes back byte for byte.
#pragma once

#include <optional>
#include <string>

#include "analyzer/confine/analysis_job.h"

namespace tarsier {

// With `file_cache`, the worker asks the scanning process for file outcomes (job.file_cache).
std::string encode_job(const AnalysisJob& job, bool file_cache = false);
std::optional<AnalysisJob> decode_job(const std::string& bytes);

std::string encode_reply(const AnalysisReply& reply);
std::optional<AnalysisReply> decode_reply(const std::string& bytes);

}  // namespace tarsier
