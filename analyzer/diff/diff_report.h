// Writers for a DiffReport: text (terminal), JSON (analyzer/diff/diff-report.schema.json),
// Markdown for a pull-request comment (bounded size) and SARIF (the findings the change adds).
#pragma once

#include <ostream>

#include "analyzer/core/risk.h"
#include "analyzer/diff/diff_model.h"

namespace tarsier {

void write_diff_text(const DiffReport& report, std::ostream& out);
void write_diff_json(const DiffReport& report, std::ostream& out);

// Markdown starting with k_markdown_marker, so CI can find and update its own comment.
inline constexpr const char* k_markdown_marker = "<!-- tarsier-diff-report -->";
inline constexpr size_t k_markdown_limit = 60000;  // GitHub caps comments at 65,536 characters
void write_diff_markdown(const DiffReport& report, std::ostream& out,
                         size_t limit = k_markdown_limit);

// One SARIF result per new finding of an added or changed package at or above `min_level`.
void write_diff_sarif(const DiffReport& report, Risk min_level, std::ostream& out);

// "from -> to" / "+to" / "-from" label of a change.
std::string change_label(const PackageDelta& delta);

}  // namespace tarsier
