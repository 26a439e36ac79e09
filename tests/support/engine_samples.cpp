#include "tests/support/engine_samples.h"

#include <catch2/catch.hpp>

namespace tarsier::test {

std::unique_ptr<Analyzer> new_analyzer(const AnalyzerOptions& options) {
  auto analyzer = Analyzer::create(options);
  INFO((analyzer ? "" : analyzer.error().str()));
  REQUIRE(analyzer);
  return std::move(*analyzer);
}

const Analyzer& shared_analyzer(bool full_parse) {
  static std::unique_ptr<Analyzer> normal, full;
  auto& slot = full_parse ? full : normal;
  if (!slot) {
    AnalyzerOptions options;
    options.full_parse = full_parse;
    slot = new_analyzer(options);
  }
  return *slot;
}

PackageRef sample_ref(const std::string& name, const std::string& version) {
  PackageRef ref;
  ref.ecosystem = "npm";
  ref.name = name;
  ref.version = version;
  return ref;
}

}  // namespace tarsier::test
