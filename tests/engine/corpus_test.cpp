// The behaviour fixture corpus (fixtures/behaviour): inert packages reproducing real attacks and
// benign packages that look risky. Checks the quality targets and that the pre-filtered mode
// finds exactly what --full-parse finds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analyzer/engine/analyzer.h"
#include "tests/support/engine_samples.h"
#include "tests/support/paths.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::string name;
  bool malicious = false;
  PackageRef ref;
  std::vector<ArchiveEntry> files;
};

std::vector<Fixture> load_corpus() {
  std::vector<Fixture> out;
  for (const char* kind : {"malicious", "benign"}) {
    fs::path root = test::source_path(std::string("fixtures/behaviour/") + kind);
    std::vector<fs::path> dirs;
    for (const auto& d : fs::directory_iterator(root)) {
      if (d.is_directory())
        dirs.push_back(d.path());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
      Fixture f;
      f.name = dir.filename().string();
      f.malicious = std::string(kind) == "malicious";
      f.ref.name = f.name;
      f.ref.version = "1.0.0";
      for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
          continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream body;
        body << in.rdbuf();
        std::string rel = fs::relative(e.path(), dir).generic_string();
        if (rel == "FIXTURE-SOURCE") {  // how the package is installed (git, file), not content
          f.ref.source = body.str().substr(0, body.str().find('\n'));
          continue;
        }
        if (rel == "setup.py" || rel == "pyproject.toml")
          f.ref.ecosystem = "pypi";
        f.files.push_back({rel, body.str()});
      }
      std::sort(f.files.begin(), f.files.end(),
                [](const ArchiveEntry& a, const ArchiveEntry& b) { return a.path < b.path; });
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::unique_ptr<Analyzer> make(bool full) {
  AnalyzerOptions options;
  options.full_parse = full;
  return test::new_analyzer(options);
}

std::string key(const Finding& f) {
  return f.rule + "|" + f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
         "|" + std::string(to_string(f.severity)) + (f.install_time ? "|install" : "");
}

}  // namespace

TEST_CASE("fixture corpus meets the quality targets", "[engine][corpus]") {
  auto corpus = load_corpus();
  auto analyzer = make(false);
  int malicious = 0, caught = 0, benign = 0, flagged = 0;
  std::ostringstream table;
  for (const auto& f : corpus) {
    auto a = analyzer->analyze(f.ref, f.files, {});
    std::string threats;
    for (const auto& t : a.threats)
      threats += (threats.empty() ? "" : ",") + t;
    table << (f.malicious ? "malicious " : "benign    ") << f.name << ": " << to_string(a.risk)
          << " [" << threats << "]\n";
    if (f.malicious) {
      ++malicious;
      caught += a.risk >= Risk::high;
    } else {
      ++benign;
      flagged += a.risk >= Risk::high;
    }
  }
  INFO(table.str());
  if (std::getenv("TARSIER_CORPUS_TABLE") != nullptr)
    std::cout << table.str();
  REQUIRE(malicious >= 20);
  REQUIRE(benign >= 10);
  CHECK(caught * 100 >= malicious * 95);
  CHECK(flagged * 100 <= benign * 5);
}

TEST_CASE("pre-filtered and full-parse modes agree on the corpus", "[engine][corpus]") {
  auto corpus = load_corpus();
  auto normal = make(false);
  auto full = make(true);
  uint64_t parsed_normal = 0, parsed_full = 0;
  for (const auto& f : corpus) {
    auto a = normal->analyze(f.ref, f.files, {});
    auto b = full->analyze(f.ref, f.files, {});
    parsed_normal += a.parsed_files;
    parsed_full += b.parsed_files;
    std::vector<std::string> ka, kb;
    for (const auto& x : a.findings)
      ka.push_back(key(x));
    for (const auto& x : b.findings)
      kb.push_back(key(x));
    std::sort(ka.begin(), ka.end());
    std::sort(kb.begin(), kb.end());
    INFO("fixture " << f.name);
    CHECK(ka == kb);
    CHECK(a.risk == b.risk);
    CHECK(a.threats == b.threats);
  }
  CHECK(parsed_normal <= parsed_full);
}
