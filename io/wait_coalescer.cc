#include "io/wait_coalescer.h"

#include <algorithm>

namespace ringdb::io {

void WaitCoalescer::EndWindow(int64_t wall_us, int64_t cpu_us, unsigned active) {
  if (wall_us <= 0) return;
  const int64_t busy_percent = cpu_us * 100 / wall_us;
  const bool busy = extra_ == 0 ? busy_percent >= kBusyOnPercent : busy_percent >= kBusyOffPercent;
  if (!busy || active < kMinActive) {
    extra_ = 0;
    return;
  }
  // A quarter of the active connections: enough to share wake-ups, few enough that
  // the clients still in flight (not waiting on us) can supply them soon.
  extra_ = std::clamp(active / 4, 2u, kMaxExtra);
}

}  // namespace ringdb::io
