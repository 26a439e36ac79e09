// Analyzers with the built-in rules and package references for the engine tests.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/engine/analyzer.h"

namespace tarsier::test {

// A new analyzer (its memo of identical files starts empty); fails the test if the rules do
// not load.
std::unique_ptr<Analyzer> new_analyzer(const AnalyzerOptions& options = {});

// One analyzer per mode, created on first use and shared by every test.
const Analyzer& shared_analyzer(bool full_parse = false);

// Whether `values` holds `value` (capabilities, threat names).
inline bool has(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// npm:NAME@VERSION.
PackageRef sample_ref(const std::string& name, const std::string& version = "1.0.0");

}  // namespace tarsier::test
