// The package index "Simple" API: one project page listing its distribution files, either as
// HTML (PEP 503, with PEP 592 yanking and PEP 345 requires-python attributes) or as JSON
// (PEP 691). Pages come from the network and are treated as hostile: the HTML reader is a
// hand-written linear scanner that skips whatever it does not understand, and one bad file
// entry never loses the others.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace tarsier {

struct SimpleFile {
  std::string filename;  // the anchor text / "filename" (falls back to the URL's last segment)
  std::string url;       // absolute, resolved against the page URL, fragment removed
  std::map<std::string, std::string> hashes;  // algorithm ("sha256") -> lower-case hex
  std::string requires_python;                // "" when not given
  bool yanked = false;
  std::string yanked_reason;
};

struct SimplePage {
  std::string name;  // project name as the JSON page spells it ("" for HTML)
  std::vector<SimpleFile> files;
  // Entries skipped or details ignored ("<page>: files[3]: ..."); credentials never appear.
  std::vector<std::string> warnings;
};

// Reads a project page: JSON when the first non-blank character is '{', HTML otherwise.
// `page_url` resolves relative links and names the page in messages (pass it without
// credentials). An error only for JSON that cannot be read as a PEP 691 page.
Result<SimplePage> parse_simple_page(std::string_view body, const std::string& page_url);

// PEP 503 HTML: every <a href> is a file. A <base href> changes the base URL; "#sha256=<hex>"
// fragments become hashes; data-requires-python and data-yanked are read; character
// references (&amp;, &gt;, &#62;, &#x3e;) are decoded. Never fails.
SimplePage parse_simple_html(std::string_view body, const std::string& page_url);

// PEP 691 JSON (api-version 1.x): name, files[].{filename, url, hashes, requires-python,
// yanked}. A major api-version other than 1 is an error.
Result<SimplePage> parse_simple_json(std::string_view body, const std::string& page_url);

// The Accept header asking for PEP 691 JSON with HTML as the fallback.
inline constexpr std::string_view k_simple_accept =
    "Accept: application/vnd.pypi.simple.v1+json, text/html;q=0.01";

}  // namespace tarsier
