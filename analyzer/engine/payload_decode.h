// Decoded payloads: constant data that a file decodes at run time and that is itself code.
// Constant base64, hex, zlib/gzip (inflated with a bound), character-code lists
// (`String.fromCharCode(...)`, Python `chr` lists and `bytes([...])`), rot13 and constant-key XOR
// literals are decoded, one step after another up to a depth, and the result is kept when it
// looks like source code. The engine analyses each result as code of the same file
// (file_scan.cpp), its findings placed on the literal and naming the decode chain
// ("base64 > zlib"). Found lexically, one linear pass, the same for every language.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/language.h"

namespace tarsier {

struct DecodeLimits {
  size_t max_output = 1 << 20;  // bytes of decoded code kept per file, all payloads together
  size_t max_work = 8u << 20;   // bytes decoded per file, kept or not (bundles embed images)
  int max_depth = 3;            // decode steps in one chain ("base64 > zlib > xor")
  size_t min_literal = 16;      // shorter literals are never decoded
  size_t max_payloads = 16;     // payloads kept per file
};

struct DecodedPayload {
  std::string text;   // the decoded code
  std::string chain;  // the decode steps, outermost first: "base64 > zlib"
  size_t begin = 0;   // byte range of the literal (or list) in the source
  size_t end = 0;
};

// The payloads of `source` that decode to code.
std::vector<DecodedPayload> decode_payloads(std::string_view source, const DecodeLimits& limits);

// Whether decoded bytes read as source code rather than text or data: printable UTF-8 with
// call syntax and a keyword of some language.
bool looks_like_code(std::string_view text);

// The language to analyse a payload in: the file's own, unless the text is plainly the other
// of JavaScript and Python.
Lang payload_language(std::string_view text, Lang file_lang);

// zlib (RFC 1950) or gzip (RFC 1952) data inflated to at most `limit` bytes; nullopt when the
// data is neither, is corrupt, or inflates past the limit.
std::optional<std::string> inflate_bounded(std::string_view data, size_t limit);

}  // namespace tarsier
