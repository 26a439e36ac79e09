// `--shard I/N`: N jobs (CI matrix entries, Kubernetes Indexed Job pods) each take one stable
// share of the packages, decided by a hash of the package key alone, so every job computes the
// same split from the same inputs and the shares together cover every package exactly once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analyzer/cli/command.h"
#include "analyzer/core/result.h"
#include "parsers/inputs.h"

namespace tarsier::cli {

struct Shard {
  uint32_t index = 0;  // 0-based, like $JOB_COMPLETION_INDEX
  uint32_t count = 1;
};

// The --shard option of scan and fetch.
OptionSpec shard_option();

// Parses "I/N" with 0 <= I < N; an error otherwise.
Result<Shard> parse_shard(const std::string& text);

// The share a package key belongs to: FNV-1a 64 of the key, modulo N.
uint32_t shard_of(const std::string& key, uint32_t count);

// Keeps only the packages (by package_identity) and local archives (by path) of this share.
void keep_shard(const Shard& shard, ResolvedInputs* inputs);

}  // namespace tarsier::cli
