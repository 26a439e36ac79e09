// The progress display on a terminal: phase (resolve, download, analyse, record), packages done
// out of the total (never going down), the package that finished last, bytes, elapsed and
// estimated remaining time, on one line of standard error; with --verbose the slowest packages
// are listed at the end. Nothing is shown when standard error is not a terminal.
#pragma once

#include <functional>

#include "analyzer/scan/scanner.h"

namespace tarsier::cli {

std::function<void(const ScanProgress&)> progress_display(bool verbose);

}  // namespace tarsier::cli
