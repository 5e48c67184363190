// Per-thread byte counters behind alloc::UsedMemory(): every counted allocation adds
// its usable size to its thread's counter and every free subtracts it, so the hot
// path touches no shared cache line.
//
// Thread: any. Only a counter's owner writes it; anyone may read it. A counter outlives
// its thread: when the thread exits, the counter (and its balance, negative when the
// thread freed memory that others allocated) passes to the next thread that starts
// counting, so the sum over all counters stays exact and there are never more counters
// than threads ever alive at once.
//
// Internal to alloc/: callers use alloc/memory.h.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ringdb::alloc::internal {

// What a byte is counted as: keyspace data (alloc::Allocate) or anything else the
// process allocates (operator new).
enum Pool : int { kKeyspace = 0, kOther = 1, kPoolCount = 2 };

struct alignas(64) ThreadCounters {
  std::atomic<int64_t> bytes[kPoolCount] = {};
  std::atomic<bool> owned{false};
  ThreadCounters* next = nullptr;
};

// This thread's counter; null until its first counted allocation and again once the
// thread's exit has released it.
extern constinit thread_local ThreadCounters* tls_counters;

// Count()'s slow path: claims a counter for this thread, or counts atomically into a
// shared balance when the thread has already released its own (frees made by other
// destructors that run at thread exit).
void CountUnowned(Pool pool, int64_t delta);

inline void Count(Pool pool, int64_t delta) {
  ThreadCounters* c = tls_counters;
  if (c == nullptr) [[unlikely]] {
    CountUnowned(pool, delta);
    return;
  }
  std::atomic<int64_t>& b = c->bytes[pool];
  b.store(b.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

// The balance of `pool` over all threads.
int64_t Sum(Pool pool);

// How many counters exist (tests check that exited threads' counters are reused).
size_t TEST_CounterCount();

}  // namespace ringdb::alloc::internal
