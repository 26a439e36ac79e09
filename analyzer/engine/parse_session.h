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

// The text to parse for `source`. tree-sitter balances a tree's long lists (statements, array
// elements, the parts of a string literal) only when a single parse is left at the end of the
// input; a file that ends in an ambiguous construct (`export default [a]`, `__all__ = ["a"]`,
// `(a, b)`) keeps two parses to the end, none of its lists is balanced, and the query cursor then
// climbs a chain of nested list nodes for every element: quadratic in the list, minutes for a
// 500 KB file. A statement after the source ends the ambiguity and leaves the source's bytes and
// lines where they were: "\n;" for JavaScript and TypeScript, "\npass\n" for Python (shell is
// parsed as is). The result views `source` or `*storage`, which holds the copy.
std::string_view terminated_source(Lang lang, std::string_view source, std::string* storage);

// Parses `source` as the rule queries need it: terminated_source's text first; when that tree
// has a syntax error, the source alone again (error recovery can keep several parses alive
// whatever follows, and a terminator after a literal cut short made it worse: minutes for a
// decoded payload cut inside a bytes literal). `*text` is set to the text the tree was parsed
// from (it views `source` or `*storage`); `timed_out` as for parse_source.
Result<TreePtr> parse_for_queries(Lang lang, std::string_view source, uint64_t timeout_us,
                                  std::string* storage, std::string_view* text,
                                  bool* timed_out = nullptr);

// This thread's query cursor.
TSQueryCursor* thread_query_cursor();

}  // namespace tarsier
