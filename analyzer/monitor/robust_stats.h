// Robust location and spread for the size anomaly rule: the median and the median absolute
// deviation (MAD), and the modified z-score of Iglewicz and Hoaglin, 0.6745 (x - median) / MAD.
// When MAD is 0 (at least half the history has the same value), (x - median) / (1.2533 × mean
// absolute deviation) stands in; when that is 0 too, every value other than the median is
// infinitely far (z = ±inf).
#pragma once

#include <optional>
#include <vector>

namespace tarsier {

double median(std::vector<double> values);  // 0 for an empty list

// nullopt for an empty history.
std::optional<double> robust_z(const std::vector<double>& history, double value);

}  // namespace tarsier
