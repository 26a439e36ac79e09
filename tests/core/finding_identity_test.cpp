#include <catch2/catch.hpp>

#include "analyzer/core/finding_identity.h"

using namespace tarsier;

namespace {

Finding at(std::string rule, std::string file, int line, std::string snippet) {
  Finding f;
  f.rule = std::move(rule);
  f.capability = "network";
  f.severity = Risk::medium;
  f.message = "found at line " + std::to_string(line);
  f.file = std::move(file);
  f.line = line;
  f.snippet = std::move(snippet);
  return f;
}

}  // namespace

TEST_CASE("package paths lose their version-like and hash-like segments", "[core][identity]") {
  REQUIRE(normalize_package_path("dist/v1.2.3/chunk-4f3a2b1c.js") == "dist/{v}/chunk-{h}.js");
  REQUIRE(normalize_package_path("pkg-1.2.3.dist-info/RECORD") == "pkg-{v}.dist-info/RECORD");
  REQUIRE(normalize_package_path("lib/index.js") == "lib/index.js");
  // Single numbers, short hex words and names are not versions or hashes.
  REQUIRE(normalize_package_path("lib/es2015/decade.js") == "lib/es2015/decade.js");
  REQUIRE(normalize_package_path("v8/src/x.cc") == "v8/src/x.cc");
  REQUIRE(normalize_package_path("cafebabe/x") == "cafebabe/x");
}

TEST_CASE("snippets lose spacing, numbers and minified names", "[core][identity]") {
  REQUIRE(normalize_snippet("e.request( 'https://x/' + t )") ==
          normalize_snippet("r.request('https://x/'+n)"));
  REQUIRE(normalize_snippet("setTimeout(f, 100)") == normalize_snippet("setTimeout(f,2500)"));
  REQUIRE(normalize_snippet("require('https')") != normalize_snippet("require('http')"));
  REQUIRE(normalize_snippet("process.env.TOKEN") != normalize_snippet("process.env.OTHER"));
}

TEST_CASE("a finding keeps its fingerprint when it moves and across versions", "[core][identity]") {
  Finding old_one = at("js-network-module", "lib/1.40.0/bundle.js", 1385, "require('https')");
  Finding moved = at("js-network-module", "lib/1.41.2/bundle.js", 58794, "require( 'https' )");
  REQUIRE(finding_fingerprint(old_one) == finding_fingerprint(moved));
  REQUIRE(finding_fingerprint(old_one).size() == 16);

  SECTION("another rule, file or code is another finding") {
    Finding other_rule = moved;
    other_rule.rule = "js-http-request";
    Finding other_file = moved;
    other_file.file = "lib/other.js";
    Finding other_code = moved;
    other_code.snippet = "require('net')";
    for (const Finding* f : {&other_rule, &other_file, &other_code}) {
      REQUIRE(finding_fingerprint(*f) != finding_fingerprint(old_one));
    }
    // Moved to another file, the code key still recognises it.
    REQUIRE(finding_code_key(other_file) == finding_code_key(old_one));
  }

  SECTION("a threat is one per file whatever its evidence") {
    Finding threat = at("threat-exfiltration", "dist/index.js", 10, "process.env");
    Finding later = at("threat-exfiltration", "dist/index.js", 900, "fetch(url)");
    later.message = "reads secrets and sends them (evidence: js-env, js-fetch)";
    REQUIRE(finding_fingerprint(threat) == finding_fingerprint(later));
  }

  SECTION("without a snippet, the message counts with its numbers normalised") {
    Finding big = at("archive-entry-too-large", "a.bin", 0, "");
    big.message = "entry of 70000000 bytes";
    Finding bigger = big;
    bigger.message = "entry of 80000000 bytes";
    REQUIRE(finding_fingerprint(big) == finding_fingerprint(bigger));
  }
}
