// The active expiry cycle: each I/O thread periodically deletes expired keys from its
// share of the slots (slot % threads == thread index), resuming where the last cycle
// stopped. Like Redis's slow cycle it adapts to what it finds: it goes on while the
// keys with a TTL it examines are mostly expired, and stops at the end of a round
// (`keys_per_loop` of them, or kStepKeys keys of any kind) that found at most
// `acceptable_stale_percent` of those with a TTL expired, or when its time slice is
// spent. So a million keys expiring together never stall a
// loop, and a million keys with distant TTLs cost an idle server next to nothing (a
// cycle that swept them all each time took 17% of a core with 632k such keys). A slot
// is walked in steps of about a thousand keys, each under the slot's lock, so one huge
// slot (keys sharing a hash tag) is spread over cycles like many small ones.
//
// Thread: one instance per I/O thread, called from that thread's timer.
#pragma once

#include <cstddef>
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

  // Keys one step visits before it lets go of the slot's lock (it finishes the table
  // segment it is in: at most 1024 keys more).
  static constexpr int64_t kStepKeys = 1024;

  ActiveExpirer(Keyspace* keyspace, int thread_index)
      : keyspace_(keyspace), index_(thread_index), cursor_(thread_index) {}

  // Deletes expired keys in this thread's share of the slots (one in `thread_count`)
  // for at most `budget_us` microseconds. Returns the number of keys deleted.
  int64_t RunCycle(int64_t budget_us, int thread_count, Effort effort = EffortFor(1));

 private:
  struct StepResult {
    int64_t visited = 0;   // keys looked at
    int64_t examined = 0;  // of which had a TTL
    int64_t deleted = 0;
    bool slot_done = false;
  };
  // Deletes the expired keys among the next ~kStepKeys of the cursor's slot.
  StepResult ExpireStep(uint16_t slot, int64_t now_ms);
  // Moves the cursor to this thread's next slot.
  void NextSlot(int thread_count);

  Keyspace* keyspace_;
  int index_;
  // Where the walk is: a slot, and within it a database and a segment of its table.
  int cursor_;
  int db_ = 0;
  size_t segment_ = 0;
};

}  // namespace ringdb::engine
