// One file's outcome (file_scan.h) as text for a lasting store (file_cache.h), and back. Every
// field of every signal is kept byte for byte (snippets may hold any bytes), so an outcome read
// back gives the same findings, threats and risk as the analysis that made it. The finding's
// file is not stored: the reader places the signals on the file being analysed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/engine/file_scan.h"

namespace tarsier {

std::string encode_file_outcome(const FileOutcome& outcome);
// nullopt for text not made by encode_file_outcome (or by another format version).
std::optional<FileOutcome> decode_file_outcome(std::string_view text, const std::string& file);

}  // namespace tarsier
