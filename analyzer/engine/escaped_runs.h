// Decoding the backslash escapes of a file for the pre-filter (rules/README.md, "Pre-filter").
// The resolver folds escapes in string literals (`'\x63hild_process'` is "child_process"), so a
// literal with escapes must be judged by its decoded text. Finding the literal exactly would need
// a tokenizer; instead the text is cut at every raw quote character and line break, which never
// cuts a needle (needles contain neither) and leaves a literal without inner quotes whole. Each
// piece containing a backslash is decoded as the resolver would decode it and handed on; an
// escape outside a string (an identifier such as `\u0065val`) is decoded with its neighbours.
#pragma once

#include <functional>
#include <string_view>

namespace tarsier {

// Calls `visit` with the decoded text of each run between raw quotes / line breaks that contains
// a backslash, in order, until `visit` returns true; returns whether it did. Linear in `text`.
bool any_escaped_run(std::string_view text, const std::function<bool(std::string_view)>& visit);

}  // namespace tarsier
