// Resolving a link found in a document against the document's URL (RFC 3986 section 5.2), as a
// browser or pip does for the relative hrefs of a package index page.
#pragma once

#include <string>
#include <string_view>

namespace tarsier {

// The absolute URL `reference` names when found on the page at `base`. Handles absolute URLs,
// scheme-relative ("//host/x"), absolute-path ("/x"), relative ("../x", "x"), query-only and
// fragment-only references, and removes "." and ".." path segments. `base` must be absolute;
// otherwise `reference` is returned unchanged.
std::string resolve_url(std::string_view base, std::string_view reference);

}  // namespace tarsier
