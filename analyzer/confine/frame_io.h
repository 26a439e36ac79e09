// Length-prefixed messages over a socket between the scanning process and a worker.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarsier {

enum class FrameStatus { ok, closed, timed_out, too_large, failed };

// Writes the 8-byte length then the bytes. The scanning process sends on its socket without
// SIGPIPE; a worker (`from_worker`) uses plain write(2), the call its filter allows.
bool write_frame(int fd, const std::string& bytes, bool from_worker);
// The same for a message in parts, written one after the other behind one length.
bool write_frame(int fd, const std::vector<std::string_view>& parts, bool from_worker);

// Reads one message of at most `max_bytes`, waiting until `deadline` at the longest.
FrameStatus read_frame(int fd, std::string* bytes, uint64_t max_bytes,
                       std::chrono::steady_clock::time_point deadline);

}  // namespace tarsier
