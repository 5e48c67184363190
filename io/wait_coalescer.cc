#include "io/wait_coalescer.h"

#include <algorithm>

namespace ringdb::io {

void WaitCoalescer::EndWindow(const Window& w) {
  if (w.wall_us <= 0) return;
  const int64_t busy_percent = w.cpu_us * 100 / w.wall_us;
  const bool busy = busy_percent >= (extra_ == 0 ? kBusyOnPercent : kBusyOffPercent);
  const bool pipelined = w.recvs > 0 && w.recv_bytes >= w.recvs * kMinBytesPerRecv;
  if (!busy || !pipelined || w.active < kMinActive) {
    extra_ = 0;
    return;
  }
  // A quarter of the active connections: enough to share wake-ups, few enough that
  // the clients still in flight (not waiting on us) can supply them soon.
  extra_ = std::clamp(w.active / 4, 2u, kMaxExtra);
}

}  // namespace ringdb::io
