// The active expiry cycle: each I/O thread periodically deletes expired keys from its
// share of the slots (slot % threads == thread index), resuming where the last cycle
// stopped. Like Redis's slow cycle it adapts to what it finds: it goes on while the
// keys with a TTL it examines are mostly expired, and stops at the end of a round
// (`keys_per_loop` of them) that found at most `acceptable_stale_percent` expired, or
// when its time slice is spent. So a million keys expiring together never stall a
// loop, and a million keys with distant TTLs cost an idle server next to nothing (a
// cycle that swept them all each time took 17% of a core with 632k such keys).
//
// Thread: one instance per I/O thread, called from that thread's timer.
#pragma once

#include <cstdint>

namespace ringdb::engine {

class Keyspace;

class ActiveExpirer {
 public:
  // Redis 7.0's active-expire-effort (1-10) turned into its slow cycle's round size
  // and stop threshold.
  struct Effort {
    int keys_per_loop;
    int acceptable_stale_percent;
  };
  static Effort EffortFor(int active_expire_effort);

  // Slots whose TTL count a cycle reads at most: a server with few volatile keys
  // would otherwise read all 16384 slots' counters (cache misses) every cycle.
  static constexpr int kMaxSlotsPerCycle = 1024;

  ActiveExpirer(Keyspace* keyspace, int thread_index)
      : keyspace_(keyspace), index_(thread_index), cursor_(thread_index) {}

  // Deletes expired keys in this thread's share of the slots (one in `thread_count`)
  // for at most `budget_us` microseconds. Returns the number of keys deleted.
  int64_t RunCycle(int64_t budget_us, int thread_count, Effort effort = EffortFor(1));

 private:
  struct SlotResult {
    int64_t examined = 0;  // keys with a TTL looked at
    int64_t deleted = 0;
  };
  // Deletes the expired keys of one slot.
  SlotResult ExpireSlot(uint16_t slot, int64_t now_ms);

  Keyspace* keyspace_;
  int index_;
  int cursor_;
};

}  // namespace ringdb::engine
