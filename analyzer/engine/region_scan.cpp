#include "analyzer/engine/region_scan.h"

#include <algorithm>
#include <set>

#include "analyzer/engine/parse_session.h"

namespace tarsier {

namespace {
constexpr size_t k_reach = 1024;           // bytes taken either side of a needle
constexpr size_t k_keep = 256;             // never moved closer to the needle than this
constexpr size_t k_max_region = 64 << 10;  // merged windows stop growing here
constexpr std::string_view k_boundaries = "\n;{}";

size_t start_of(std::string_view data, size_t hit) {
  if (hit <= k_reach) {
    return 0;
  }
  size_t start = hit - k_reach;
  size_t limit = hit - k_keep;
  size_t cut = data.substr(start, limit - start).find_first_of(k_boundaries);
  return cut == std::string_view::npos ? start : start + cut + 1;
}

size_t end_of(std::string_view data, size_t hit) {
  size_t end = std::min(data.size(), hit + k_reach);
  size_t from = std::min(end, hit + k_keep);
  size_t cut = data.substr(from, end - from).find_last_of(k_boundaries);
  return cut == std::string_view::npos ? end : from + cut + 1;
}
}  // namespace

std::vector<Region> regions_around(std::string_view data, const std::vector<size_t>& hits) {
  std::vector<Region> out;
  for (size_t hit : hits) {
    Region r{start_of(data, hit), end_of(data, hit)};
    if (!out.empty() && r.begin <= out.back().end && r.end - out.back().begin <= k_max_region) {
      out.back().end = std::max(out.back().end, r.end);
      continue;
    }
    if (!out.empty() && r.begin < out.back().end) {
      r.begin = out.back().end;  // a full window: the next one starts where it stops
    }
    if (r.begin < r.end) {
      out.push_back(r);
    }
  }
  return out;
}

RegionOutcome scan_regions(const QuerySet& set, std::string_view data,
                           std::chrono::steady_clock::time_point deadline) {
  constexpr size_t k_max_hits = 20000;
  RegionOutcome out;
  std::vector<Region> regions = regions_around(data, set.needle_hits(data, k_max_hits));
  out.regions = regions.size();
  std::set<std::pair<const QueryRule*, uint32_t>> seen;
  for (const Region& r : regions) {
    auto now = std::chrono::steady_clock::now();
    if (now > deadline) {
      break;
    }
    std::string_view window = data.substr(r.begin, r.end - r.begin);
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
    auto tree = parse_source(set.lang(), window, static_cast<uint64_t>(left.count()) + 1);
    if (!tree) {
      break;
    }
    QueryBudget budget{deadline};
    for (RuleMatch m : set.run(tree->get(), window, nullptr, &budget)) {
      m.start_byte += static_cast<uint32_t>(r.begin);
      m.end_byte += static_cast<uint32_t>(r.begin);
      m.start = {};  // a row in the window, not in the file: findings take lines from start_byte
      if (seen.insert({m.rule, m.start_byte}).second) {
        out.matches.push_back(m);
      }
    }
    if (budget.timed_out) {
      break;
    }
    ++out.analysed;
  }
  std::sort(out.matches.begin(), out.matches.end(), [](const RuleMatch& a, const RuleMatch& b) {
    return a.start_byte != b.start_byte ? a.start_byte < b.start_byte : a.rule->id < b.rule->id;
  });
  return out;
}

}  // namespace tarsier
