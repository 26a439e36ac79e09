#include "probe/high/high.h"

#include "probe/low/low.h"

namespace probe {
int high_value() {
  return low_value() + 1;
}
}  // namespace probe
