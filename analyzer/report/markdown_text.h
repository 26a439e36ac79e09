// Untrusted package text in Markdown, shared by the scan and the diff Markdown writers: one
// printable line of bounded length, escaped so a hostile package cannot inject markup, links or
// @-mentions.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// Escapes one line of untrusted text for Markdown and inline HTML.
std::string markdown_escape(std::string_view raw, size_t max_bytes = 300);

// Inline code as HTML (<code>...</code>), which works inside tables and <summary> and needs only
// HTML escaping.
std::string markdown_code(std::string_view raw, size_t max_bytes = 200);

}  // namespace tarsier
