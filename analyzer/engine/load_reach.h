// When code runs: the parts of a JavaScript or TypeScript file that loading the file does not
// run. A top-level function or class declaration (also exported, or a const bound to a function
// or arrow) runs only when something calls it; it is *deferred* when nothing the file runs at
// load names it, directly or through other declarations that load-time code names. Statements
// that are neither declarations nor imports/exports run at load, and every identifier written in
// them (calls, exports by assignment, mentions in strings) counts as a use, so the answer errs
// towards "runs at load". Classes with static blocks or static fields run code at load and are
// never deferred. Imports, `export { ... }` lists and type declarations are neutral.
//
// Used by `scan_file`: a signal of running, downloading or writing (tags exec, download,
// fs-write, chmod) outside every deferred range gets the tag `at-load`; the high runtime dropper
// threat needs it (or something hidden) in its window, so a download-and-run inside a function
// only a CLI command calls is medium (rules/threats.txt).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <tree_sitter/api.h>

namespace tarsier {

struct Signal;

using ByteRange = std::pair<uint32_t, uint32_t>;  // [begin, end)

// The deferred top-level declarations of a JavaScript/TypeScript tree and its neutral
// statements (imports, export lists, types), in file order.
std::vector<ByteRange> deferred_ranges(const TSTree* tree, std::string_view source);

// Adds `at-load` to every signal with a run/download/write tag that is not positioned inside
// one of `deferred` (whole-file signals always get it).
void mark_load_time(const std::vector<ByteRange>& deferred, std::vector<Signal>* signals);

}  // namespace tarsier
