// The lexical pre-filter: needle kinds, pieces of needles assembled from literals, and string
// literals judged by their decoded text (rules/README.md, "Pre-filter").
#include <catch2/catch.hpp>

#include "analyzer/engine/escaped_runs.h"
#include "analyzer/engine/prefilter.h"

using namespace tarsier;

namespace {

std::unique_ptr<Prefilter> gate(std::vector<std::string> needles, Lang lang = Lang::javascript) {
  QueryRule rule;
  rule.id = "t-rule";
  rule.languages = {lang};
  rule.needles = std::move(needles);
  std::string error;
  auto out = Prefilter::build(lang, {&rule}, &error);
  INFO(error);
  REQUIRE(out != nullptr);
  return out;
}

std::vector<std::string> decoded_runs(std::string_view text) {
  std::vector<std::string> out;
  any_escaped_run(text, [&](std::string_view d) {
    out.emplace_back(d);
    return false;
  });
  return out;
}

}  // namespace

TEST_CASE("prefilter: a plain needle is a whole word, NAME* a prefix", "[engine][prefilter]") {
  auto g = gate({"env", "writeFile*"});
  CHECK(g->admits("const t = process.env.TOKEN;"));
  CHECK(g->admits("const {env} = process"));
  CHECK_FALSE(g->admits("const environment = 'production';"));
  CHECK_FALSE(g->admits("var myenv = 1;"));
  CHECK(g->admits("fs.writeFileSync(p, data)"));
  CHECK(g->admits("fs.writeFile(p, data, cb)"));
  CHECK_FALSE(g->admits("rewriteFile(p)"));
  // A URL is not a use of the word.
  auto h = gate({"http"});
  CHECK_FALSE(h->admits("const u = 'http://example.invalid/x';"));
  CHECK(h->admits("http.get(u)"));
  CHECK_FALSE(h->admits("res.httpVersion"));
}

TEST_CASE("prefilter: NAME() is the name as a whole value", "[engine][prefilter]") {
  auto g = gate({"Function()", "hostname()"});
  CHECK(g->admits("new Function('return this')()"));
  CHECK(g->admits("const F = Function;\nF('x')"));
  CHECK(g->admits("(0, Function)('x')"));
  CHECK(g->admits("g['Function']('x')"));
  CHECK(g->admits("import { hostname as h } from 'os'; h()"));
  CHECK(g->admits("const h = os.hostname\nh()"));
  CHECK_FALSE(g->admits("Function.prototype.bind.call(f, x)"));
  CHECK_FALSE(g->admits("x instanceof FunctionDeclaration"));
  CHECK_FALSE(g->admits("// Function that runs a test"));
  CHECK_FALSE(g->admits("const h = url.hostname.toLowerCase();"));
  CHECK(g->admits("const h = os.hostname;"));
  CHECK(g->admits("const { hostname: h } = os;"));
  CHECK(g->admits("g['os.hostname']()"));
  CHECK(g->admits("const f = Function\nf('x')"));
  CHECK(g->admits("var f = new Function;"));
  CHECK(g->admits("f = Function`return this`"));
  // Type positions and documentation are not values.
  CHECK_FALSE(g->admits("function on(cb: Function): void;"));
  CHECK_FALSE(g->admits("type Handler = Listener | Function;"));
  CHECK_FALSE(g->admits("/** @param {Function} cb */"));
}

TEST_CASE("prefilter: q:TEXT and re:REGEX", "[engine][prefilter]") {
  auto g = gate({"q:fs", "re:\\.\\s*constructor\\s*\\("});
  CHECK(g->admits("const fs = require('fs')"));
  CHECK(g->admits("import fs from \"node:fs\""));
  CHECK_FALSE(g->admits("const fs = require('fs-extra')"));
  CHECK(g->admits("x.constructor ('return 1')"));
  CHECK_FALSE(g->admits("class A { constructor() {} }"));
}

TEST_CASE("prefilter: a needle assembled from string pieces", "[engine][prefilter]") {
  auto g = gate({"exec", "q:child_process"});
  // First and last pieces of the same needle, directly or through bindings and arrays.
  CHECK(g->admits("cp['ex' + 'ec']('ls')"));
  CHECK(g->admits("const a = 'ex'; const b = 'ec'; cp[a + b]('ls')"));
  CHECK(g->admits("cp[['e', 'x', 'e', 'c'].join('')]('ls')"));
  CHECK(g->admits("require('child' + '_process')"));
  CHECK(g->admits("require('node:' + 'child_process')"));
  // Python's implicit concatenation has no operator between the pieces.
  auto py = gate({"system()"}, Lang::python);
  CHECK(py->admits("getattr(os, 'sys' 'tem')('id')"));
  // A prefix without a matching suffix, or pieces longer than the needle together, do not.
  CHECK_FALSE(g->admits("x = 'ex' + y;"));
  CHECK_FALSE(g->admits("x = ['exe', 'xec'];"));
  CHECK_FALSE(g->admits("const a = 'e';"));
  // A number may end a needle whose name ends in digits.
  auto h = gate({"http2"});
  CHECK(h->admits("require('http' + 2)"));
  CHECK_FALSE(h->admits("require('http' + 3)"));
}

TEST_CASE("prefilter: decoding constructs always admit", "[engine][prefilter]") {
  auto g = gate({"exec"});
  CHECK(g->admits("cp[String.fromCharCode(101, 120, 101, 99)]('ls')"));
  CHECK(g->admits("cp[atob('ZXhlYw==')]('ls')"));
  CHECK(g->admits("Buffer.from('65786563', 'hex').toString()"));
  CHECK_FALSE(g->admits("const hex = toHex(x);"));
  auto py = gate({"system()"}, Lang::python);
  CHECK(py->admits("getattr(os, chr(115) + 'ystem')"));
  CHECK(py->admits("getattr(os, bytes.fromhex('73797374656d').decode())"));
}

TEST_CASE("prefilter: string literals with escapes count by their decoded text",
          "[engine][prefilter]") {
  auto g = gate({"q:child_process", "eval()", "exec"});
  CHECK(g->admits("require('\\x63hild_process')"));
  CHECK(g->admits("require(\"\\u0063hild_process\")"));
  CHECK(g->admits("require('\\143hild_process')"));
  CHECK(g->admits("require('child\\\n_process')"));  // line continuation
  CHECK(g->admits("window['\\ev\\al'](code)"));      // identity escapes
  CHECK(g->admits("cp['\\x65x' + 'ec']('ls')"));     // an escaped first piece
  CHECK(g->admits("cp['\\u{65}xec']('ls')"));
  CHECK(g->admits("const s = \"it's \\x65xec\";"));  // another quote inside the literal
  CHECK_FALSE(g->admits("const nbsp = '\\u00a0';"));
  CHECK_FALSE(g->admits("console.log('done\\n');"));
  CHECK_FALSE(g->admits("const re = /\\d+\\.\\d+/;"));
  // An escape outside a string is decoded with its neighbours.
  CHECK(g->admits("\\u0065val(code)"));
  CHECK_FALSE(g->admits("var caf\\u00e9 = 1;"));
}

TEST_CASE("prefilter: escaped runs are cut at quotes and line breaks", "[engine][prefilter]") {
  CHECK(decoded_runs("a = 'x\\x41y' + \"b\\tc\"") == std::vector<std::string>{"xAy", "b\tc"});
  CHECK(decoded_runs("'it\\'s'") == std::vector<std::string>{"it's"});
  CHECK(decoded_runs("'a\\\nb'") == std::vector<std::string>{"ab"});
  CHECK(decoded_runs("no escapes 'here'").empty());
  CHECK(decoded_runs("'\\x4'") == std::vector<std::string>{"\\x4"});  // not an escape: kept
  CHECK(decoded_runs("tail \\u0041") == std::vector<std::string>{"tail A"});
}
