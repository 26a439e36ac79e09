// Per-thread tree-sitter state. TSParser and TSQueryCursor belong to one thread each, so every
// worker thread keeps its own (thread_local), created on first use. Parsing has a timeout; after
// a timeout the parser is reset before its next document.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <tree_sitter/api.h>

#include "analyzer/core/result.h"
#include "analyzer/engine/language.h"

namespace tarsier {

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

// Parses `source`; an error ("parse timed out after N ms", "grammar ABI mismatch") on failure,
// and `timed_out` (when given) set for the first. `timeout_us` 0 means none.
Result<TreePtr> parse_source(Lang lang, std::string_view source, uint64_t timeout_us,
                             bool* timed_out = nullptr);

// This thread's query cursor.
TSQueryCursor* thread_query_cursor();

}  // namespace tarsier
