// Decoded payloads (analyzer/engine/payload_decode.h): constants that decode to code are found
// and analysed as code of their file. Positive cases per technique (base64, hex, zlib, gzip,
// char codes, rot13, constant-key XOR, escapes, chains) and negative twins (data, prose,
// images, plain code, runaway inputs).
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/payload_decode.h"
#include "analyzer/util/base64.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;

namespace {

const std::string k_code = "require('child_process').exec('touch /tmp/inert-marker');";

std::string deflate(const std::string& text, bool gzip) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string xor_bytes(std::string s, const std::string& key) {
  for (size_t i = 0; i < s.size(); ++i)
    s[i] = static_cast<char>(s[i] ^ key[i % key.size()]);
  return s;
}

std::vector<DecodedPayload> decode(const std::string& source) {
  return decode_payloads(source, DecodeLimits{});
}

bool found(const std::vector<DecodedPayload>& p, const std::string& chain) {
  return std::any_of(p.begin(), p.end(), [&](const DecodedPayload& d) {
    return d.chain == chain && d.text.find("child_process") != std::string::npos;
  });
}

}  // namespace

TEST_CASE("decoded payload: each encoding of a constant is decoded", "[engine][payload]") {
  SECTION("base64") {
    auto p = decode("const s = '" + base64_encode(k_code) + "';\n");
    REQUIRE(found(p, "base64"));
    CHECK(p[0].begin == 10);
  }
  SECTION("hex") {
    CHECK(found(decode("x = \"" + to_hex(k_code) + "\"\n"), "hex"));
  }
  SECTION("base64 of zlib") {
    CHECK(found(decode("d = '" + base64_encode(deflate(k_code, false)) + "'"), "base64 > zlib"));
  }
  SECTION("base64 of gzip split over joined literals") {
    std::string b = base64_encode(deflate(k_code, true));
    std::string src = "d = ('" + b.substr(0, 20) + "'\n     '" + b.substr(20) + "')\n";
    CHECK(found(decode(src), "base64 > gzip"));
  }
  SECTION("character codes") {
    std::string list;
    for (char c : k_code)
      list += (list.empty() ? "" : ", ") + std::to_string(static_cast<int>(c));
    CHECK(found(decode("String.fromCharCode(" + list + ")"), "char codes"));
    std::string chrs;
    for (char c : k_code)
      chrs += (chrs.empty() ? "" : " + ") + std::string("chr(") +
              std::to_string(static_cast<int>(c)) + ")";
    CHECK(found(decode("s = " + chrs + "\n"), "char codes"));
  }
  SECTION("rot13 when the file speaks of rot13") {
    std::string turned = k_code;
    for (char& c : turned) {
      if (c >= 'a' && c <= 'z')
        c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    }
    CHECK(found(decode("exec(codecs.decode(\"" + turned + "\", 'rot13'))"), "rot13"));
    CHECK(decode("x = \"" + turned + "\"").empty());
  }
  SECTION("constant-key XOR: a number after ^ and a short string key") {
    std::string list;
    for (char c : xor_bytes(k_code, "\x2a"))
      list += (list.empty() ? "" : ",") + std::to_string(static_cast<unsigned char>(c));
    CHECK(found(decode("t = [" + list + "].map(c => c ^ 0x2a)"), "char codes > xor"));
    std::string b = base64_encode(xor_bytes(k_code, "k3y!"));
    CHECK(found(decode("const key = 'k3y!';\nconst b = '" + b +
                       "';\nout[i] = b.charCodeAt(i) ^ key.charCodeAt(i % 4);"),
                "base64 > xor"));
  }
  SECTION("a literal written entirely in escapes") {
    std::string esc;
    for (char c : k_code) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      esc += buf;
    }
    CHECK(found(decode("eval(\"" + esc + "\")"), "escapes"));
  }
}

TEST_CASE("decoded payload: data, prose and plain code are not payloads", "[engine][payload]") {
  CHECK(decode("const b = '" + base64_encode(std::string(64, '\x01') + "\x89PNG") + "';").empty());
  CHECK(decode("const t = '" + base64_encode("Hello there, this is a sentence of prose.") + "';")
            .empty());
  CHECK(decode("const f = 'function add(a, b) { return a + b; }';").empty());
  CHECK(decode("const id = 'AbstractSingletonProxyFactoryBean';").empty());
  CHECK(decode("const table = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];").empty());
  CHECK(decode("const sri = 'sha512-" + base64_encode(std::string(64, '\x7f')) + "';").empty());
}

TEST_CASE("decoded payload: bounded in size, depth and count", "[engine][payload]") {
  SECTION("an inflate bomb stops at the bound") {
    std::string bomb = deflate(std::string(8u << 20, 'a'), false);
    CHECK_FALSE(inflate_bounded(bomb, 1 << 20).has_value());
    CHECK(inflate_bounded(deflate(k_code, false), 1 << 20) == k_code);
  }
  SECTION("layers past the depth are left alone") {
    std::string layered = k_code;
    for (int i = 0; i < 4; ++i)
      layered = base64_encode(layered);
    CHECK(decode("x = '" + layered + "'").empty());
    CHECK_FALSE(decode("x = '" + base64_encode(base64_encode(k_code)) + "'").empty());
  }
  SECTION("at most max_payloads per file") {
    std::string src;
    for (int i = 0; i < 40; ++i)
      src += "a" + std::to_string(i) + " = '" + base64_encode(k_code + std::to_string(i)) + "';\n";
    DecodeLimits limits;
    CHECK(decode_payloads(src, limits).size() == limits.max_payloads);
  }
  SECTION("unterminated and hostile literals do not crash") {
    CHECK(decode("'").empty());
    CHECK(decode("\"\"\"abc").empty());
    CHECK(decode(std::string(100000, '[')).empty());
    CHECK(decode("chr(" + std::string(50, '9') + ")").empty());
  }
}

TEST_CASE("decoded payload: findings come from the payload, on the literal, with the chain",
          "[engine][payload]") {
  std::string blob = base64_encode(deflate(k_code, false));
  std::string index = "// helper\nconst packed = '" + blob + "';\nmodule.exports = packed;\n";
  auto a = test::shared_analyzer().analyze(
      test::sample_ref("pkg"),
      {{"package.json", R"({"name":"pkg","version":"1.0.0"})"}, {"index.js", index}}, {});
  const Finding* exec = nullptr;
  const Finding* decoded = nullptr;
  for (const auto& f : a.findings) {
    if (f.rule == "js-exec-call")
      exec = &f;
    if (f.rule == "decoded-payload")
      decoded = &f;
  }
  REQUIRE(exec != nullptr);
  CHECK(exec->file == "index.js");
  CHECK(exec->line == 2);
  CHECK(exec->message.find("base64 > zlib") != std::string::npos);
  REQUIRE(decoded != nullptr);
  CHECK(decoded->line == 2);
  CHECK(a.risk >= Risk::high);
  CHECK(std::find(a.threats.begin(), a.threats.end(), "hidden-payload") != a.threats.end());

  // The same code in plain sight is an ordinary capability.
  auto plain = test::shared_analyzer().analyze(
      test::sample_ref("pkg"),
      {{"package.json", R"({"name":"pkg","version":"1.0.0"})"}, {"index.js", k_code + "\n"}}, {});
  CHECK(plain.risk < Risk::high);
}

TEST_CASE("decoded payload: the same mechanism for Python, zlib inside base64",
          "[engine][payload]") {
  std::string inner = "import subprocess\nsubprocess.Popen(['sh', '-c', 'id'])\n";
  std::string blob = base64_encode(deflate(inner, false));
  std::string mod = "import base64, zlib\nDATA = (\n    '" + blob.substr(0, 24) + "'\n    '" +
                    blob.substr(24) + "'\n)\n";
  auto a = test::shared_analyzer().analyze(test::sample_ref("pyp"), {{"pyp/util.py", mod}}, {});
  const Finding* run = nullptr;
  for (const auto& f : a.findings) {
    if (f.rule == "py-subprocess")
      run = &f;
  }
  REQUIRE(run != nullptr);
  CHECK(run->file == "pyp/util.py");
  CHECK(run->line == 3);
  CHECK(run->message.find("base64 > zlib") != std::string::npos);
}
