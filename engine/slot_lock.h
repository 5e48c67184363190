// The lock of one keyspace slot: a test-and-test-and-set spinlock.
//
// Critical sections are one command's execution (a few hundred nanoseconds), so
// spinning beats parking; after a bounded spin the waiter yields the CPU so that a
// preempted holder on an oversubscribed machine can finish.
#pragma once

#include <sched.h>

#include <atomic>

namespace ringdb::engine {

class SlotLock {
 public:
  void lock() {
    for (int spins = 0;; ++spins) {
      if (!locked_.exchange(true, std::memory_order_acquire)) return;
      while (locked_.load(std::memory_order_relaxed)) {
        if (spins++ < kSpinsBeforeYield) {
          __builtin_ia32_pause();
        } else {
          sched_yield();
        }
      }
    }
  }
  bool try_lock() { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() { locked_.store(false, std::memory_order_release); }
  bool is_locked() const { return locked_.load(std::memory_order_relaxed); }

 private:
  static constexpr int kSpinsBeforeYield = 256;
  std::atomic<bool> locked_{false};
};

}  // namespace ringdb::engine
