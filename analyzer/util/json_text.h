// JSON from untrusted text and JSON written from untrusted strings. Every JSON read and written
// by tarsier goes through these two functions:
//   - parse_json_text bounds the nesting depth before nlohmann builds anything (a deep document
//     costs about 100 bytes a level in the DOM), and reports every failure, a number overflow
//     included, at a byte offset;
//   - json_text never throws on invalid UTF-8: each invalid byte is written as U+FFFD.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tarsier {

// Deepest nesting of arrays and objects accepted; real lockfiles and registry answers stay
// below 20.
inline constexpr size_t k_json_max_depth = 512;

struct JsonTextError {
  size_t offset = 0;    // byte offset of the problem in the text
  std::string message;  // "syntax error while parsing value - ...", "nesting deeper than 512"
};

// Parses `text` into `out`. On failure returns false and fills `error`; never throws.
bool parse_json_text(std::string_view text, nlohmann::json* out, JsonTextError* error,
                     size_t max_depth = k_json_max_depth);

// The byte offset where `text` nests deeper than `max_depth` (strings skipped), npos if never.
size_t json_depth_violation(std::string_view text, size_t max_depth);

// `value` serialised; invalid UTF-8 in any string becomes U+FFFD instead of an exception.
// `indent` < 0 writes one line.
std::string json_text(const nlohmann::json& value, int indent = -1);
// The same for a document whose keys keep their insertion order (the report writers').
std::string ordered_json_text(const nlohmann::ordered_json& value, int indent = -1);

}  // namespace tarsier
