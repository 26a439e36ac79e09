// libFuzzer target for the file analysis of one language (TARSIER_FUZZ_SOURCE names the file,
// which picks the grammar): lexical pre-filter, tree-sitter parse, rule queries, predicates,
// resolvers, threats and risk, with the built-in rules.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/engine/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<tarsier::Analyzer> analyzer = [] {
    tarsier::AnalyzerOptions options;
    options.full_parse = true;  // the pre-filter would skip most mutated inputs
    options.parse_timeout_us = 2'000'000;
    std::string error;
    auto created = tarsier::Analyzer::create(options, &error);
    if (!created) {
      __builtin_trap();
    }
    return created;
  }();
  tarsier::PackageRef ref;
  ref.name = "fuzz-pkg";
  ref.version = "1.0.0";
  std::vector<tarsier::ArchiveEntry> files = {
      {TARSIER_FUZZ_SOURCE, std::string(reinterpret_cast<const char*>(data), size)}};
  tarsier::PackageAnalysis analysis = analyzer->analyze(ref, files, {});
  (void)analysis;
  return 0;
}
