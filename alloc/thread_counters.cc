#include "alloc/thread_counters.h"

#include <mimalloc.h>

#include <cstdio>
#include <cstdlib>
#include <new>

namespace ringdb::alloc::internal {

constinit thread_local ThreadCounters* tls_counters = nullptr;

namespace {

// Every counter ever created, newest first; entries are never unlinked, so readers
// walk the list without a lock.
constinit std::atomic<ThreadCounters*> all_counters{nullptr};
// Balances counted by threads after their exit released their counter.
constinit std::atomic<int64_t> unowned_bytes[kPoolCount] = {};
constinit thread_local bool released = false;

ThreadCounters* Claim() {
  for (ThreadCounters* c = all_counters.load(std::memory_order_acquire); c; c = c->next) {
    bool free = false;
    if (!c->owned.load(std::memory_order_relaxed) &&
        c->owned.compare_exchange_strong(free, true, std::memory_order_acquire)) {
      return c;
    }
  }
  // Not operator new: that would count into the counter being created.
  void* mem = mi_malloc_aligned(sizeof(ThreadCounters), alignof(ThreadCounters));
  if (mem == nullptr) {
    std::fputs("ringdb: out of memory allocating a thread counter\n", stderr);
    std::abort();
  }
  auto* c = new (mem) ThreadCounters;
  c->owned.store(true, std::memory_order_relaxed);
  c->next = all_counters.load(std::memory_order_relaxed);
  while (!all_counters.compare_exchange_weak(c->next, c, std::memory_order_release,
                                             std::memory_order_relaxed)) {
  }
  return c;
}

// Hands the thread's counter on when the thread exits.
struct ReleaseAtExit {
  ~ReleaseAtExit() {
    ThreadCounters* c = tls_counters;
    tls_counters = nullptr;
    released = true;
    c->owned.store(false, std::memory_order_release);
  }
};

}  // namespace

void CountUnowned(Pool pool, int64_t delta) {
  if (released) {
    unowned_bytes[pool].fetch_add(delta, std::memory_order_relaxed);
    return;
  }
  tls_counters = Claim();
  // Constructed here, so its destructor is registered once the counter is owned.
  thread_local ReleaseAtExit release_at_exit;
  Count(pool, delta);
}

int64_t Sum(Pool pool) {
  int64_t sum = unowned_bytes[pool].load(std::memory_order_relaxed);
  for (ThreadCounters* c = all_counters.load(std::memory_order_acquire); c; c = c->next) {
    sum += c->bytes[pool].load(std::memory_order_relaxed);
  }
  return sum;
}

size_t TEST_CounterCount() {
  size_t n = 0;
  for (ThreadCounters* c = all_counters.load(std::memory_order_acquire); c; c = c->next) ++n;
  return n;
}

}  // namespace ringdb::alloc::internal
