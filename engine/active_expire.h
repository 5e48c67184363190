// The active expiry cycle: each I/O thread periodically deletes expired keys from its
// share of the slots (slot % threads == thread index), within a bounded time slice,
// so a million keys expiring together never stall a loop.
//
// Thread: one instance per I/O thread, called from that thread's timer.
#pragma once

#include <cstdint>

namespace ringdb::engine {

class Keyspace;

class ActiveExpirer {
 public:
  ActiveExpirer(Keyspace* keyspace, int thread_index)
      : keyspace_(keyspace), index_(thread_index), cursor_(thread_index) {}

  // Deletes expired keys in this thread's share of the slots (one in `thread_count`),
  // resuming where the last cycle stopped, for at most `budget_us` microseconds.
  // Returns the number of keys deleted.
  int64_t RunCycle(int64_t budget_us, int thread_count);

 private:
  // Deletes the expired keys of one slot; returns how many.
  int64_t ExpireSlot(uint16_t slot, int64_t now_ms);

  Keyspace* keyspace_;
  int index_;
  int cursor_;
};

}  // namespace ringdb::engine
