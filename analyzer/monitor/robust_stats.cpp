#include "analyzer/monitor/robust_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tarsier {

double median(std::vector<double> values) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::optional<double> robust_z(const std::vector<double>& history, double value) {
  if (history.empty()) {
    return std::nullopt;
  }
  double m = median(history);
  std::vector<double> deviations;
  double total = 0;
  for (double x : history) {
    deviations.push_back(std::fabs(x - m));
    total += std::fabs(x - m);
  }
  double mad = median(deviations);
  if (mad > 0) {
    return 0.6745 * (value - m) / mad;
  }
  double mean_ad = total / static_cast<double>(history.size());
  if (mean_ad > 0) {
    return (value - m) / (1.2533 * mean_ad);
  }
  if (value == m) {
    return 0.0;
  }
  return value > m ? std::numeric_limits<double>::infinity()
                   : -std::numeric_limits<double>::infinity();
}

}  // namespace tarsier
