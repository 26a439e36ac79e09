// The analyzer's memo of identical files: a repeat gets the first analysis's findings at its own
// path, and only when bytes, language and install-time reach all agree.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;

namespace {

// Over FileMemo::k_min_bytes, with a shell finding on line 3.
std::string tool_source() {
  std::string s =
      "// builds things\nconst cp = require('child_process');\ncp.exec(process.argv[2]);\n";
  for (int i = 0; s.size() < 2048; ++i)
    s += "function step" + std::to_string(i) + "(x) { return x + " + std::to_string(i) + "; }\n";
  return s;
}

std::vector<std::string> places(const PackageAnalysis& a, const std::string& rule) {
  std::vector<std::string> out;
  for (const auto& f : a.findings) {
    if (f.rule == rule)
      out.push_back(f.file + ":" + std::to_string(f.line) + (f.install_time ? " install" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("an identical file in another package reuses the first analysis at its own path",
          "[engine][memo]") {
  auto analyzer = test::new_analyzer();
  const std::string code = tool_source();
  auto first = analyzer->analyze(test::sample_ref("a"),
                                 {{"package.json", R"({"name":"a"})"}, {"lib/run.js", code}}, {});
  REQUIRE(places(first, "js-exec-call") == std::vector<std::string>{"lib/run.js:3"});
  CHECK(first.reused_files == 0);
  CHECK(first.parsed_files == 1);

  auto second = analyzer->analyze(
      test::sample_ref("b"), {{"package.json", R"({"name":"b"})"}, {"dist/other.js", code}}, {});
  CHECK(second.reused_files == 1);
  CHECK(second.parsed_files == 0);
  CHECK(places(second, "js-exec-call") == std::vector<std::string>{"dist/other.js:3"});
  CHECK(places(second, "js-child-process") == std::vector<std::string>{"dist/other.js:2"});
  CHECK(second.risk == first.risk);
  CHECK(second.capabilities == first.capabilities);
}

TEST_CASE("the memo keeps install-time reach and content apart", "[engine][memo]") {
  auto analyzer = test::new_analyzer();
  const std::string code = tool_source();
  analyzer->analyze(test::sample_ref("a"),
                    {{"package.json", R"({"name":"a"})"}, {"lib/run.js", code}}, {});

  // The same bytes run by an install script: analysed again, findings marked install-time.
  auto hooked = analyzer->analyze(
      test::sample_ref("c"),
      {{"package.json", R"({"name":"c","scripts":{"postinstall":"node lib/run.js"}})"},
       {"lib/run.js", code}},
      {});
  CHECK(hooked.reused_files == 0);
  CHECK(places(hooked, "js-exec-call") == std::vector<std::string>{"lib/run.js:3 install"});

  // One byte more: a different file.
  auto changed =
      analyzer->analyze(test::sample_ref("d"),
                        {{"package.json", R"({"name":"d"})"}, {"lib/run.js", code + "\n"}}, {});
  CHECK(changed.reused_files == 0);
  CHECK(places(changed, "js-exec-call") == std::vector<std::string>{"lib/run.js:3"});

  // Two copies inside one package: both reported.
  auto twice = analyzer->analyze(
      test::sample_ref("e"),
      {{"package.json", R"({"name":"e"})"}, {"x/one.js", code}, {"y/two.js", code}}, {});
  CHECK(places(twice, "js-exec-call") == std::vector<std::string>{"x/one.js:3", "y/two.js:3"});
}

TEST_CASE("with reuse off, an identical file is analysed again", "[engine][memo]") {
  AnalyzerOptions options;
  options.reuse_identical_files = false;
  auto analyzer = test::new_analyzer(options);
  const std::string code = tool_source();
  for (const char* name : {"a", "b"}) {
    auto analysis = analyzer->analyze(
        test::sample_ref(name), {{"package.json", R"({"name":"x"})"}, {"lib/run.js", code}}, {});
    INFO(name);
    CHECK(analysis.reused_files == 0);
    CHECK(analysis.parsed_files == 1);
    CHECK(places(analysis, "js-exec-call") == std::vector<std::string>{"lib/run.js:3"});
  }
}
