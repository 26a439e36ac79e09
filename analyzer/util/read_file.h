// A whole file into memory in one allocation of its size (a stringstream grows by doubling and
// then copies: three times an archive's size at the peak).
#pragma once

#include <optional>
#include <string>

namespace tarsier {

// The file's bytes; nullopt when it cannot be opened or read.
std::optional<std::string> read_file_bytes(const std::string& path);

}  // namespace tarsier
