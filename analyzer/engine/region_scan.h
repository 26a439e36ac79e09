// Region analysis: the query rules run over windows of a file around the places where the
// language's needles occur as written, each window parsed alone. It stands in for the whole-file
// pass when that pass is over its time budget (file_scan.cpp), so a file too large or too deeply
// nested to parse in time still yields the matches a small neighbourhood proves, such as a
// `require('child_process')` and its calls. What it cannot see: aliases bound outside the
// window, needles assembled from pieces or hidden in escapes.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "analyzer/engine/query_set.h"

namespace tarsier {

struct Region {
  size_t begin = 0;
  size_t end = 0;
};

// Windows around `hits` (sorted offsets): about 1 KB either side, moved in to a statement or
// line boundary where there is one, merged when they overlap but never grown past 64 KB.
std::vector<Region> regions_around(std::string_view data, const std::vector<size_t>& hits);

struct RegionOutcome {
  std::vector<RuleMatch> matches;  // offsets in the whole file, de-duplicated, in order
  size_t regions = 0;              // windows the file has
  size_t analysed = 0;             // windows parsed and queried before the deadline
};

RegionOutcome scan_regions(const QuerySet& set, std::string_view data,
                           std::chrono::steady_clock::time_point deadline);

}  // namespace tarsier
