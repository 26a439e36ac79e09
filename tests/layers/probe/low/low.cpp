#include "probe/low/low.h"

#ifdef PROBE_BACK_ARROW
#include "probe/high/high.h"
#endif

namespace probe {
int low_value() {
#ifdef PROBE_BACK_ARROW
  return high_value() - 1;
#else
  return 1;
#endif
}
}  // namespace probe
