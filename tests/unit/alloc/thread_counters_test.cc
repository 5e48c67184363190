#include "alloc/thread_counters.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ringdb::alloc::internal {
namespace {

// The pool nothing else in the process counts into, so sums here are exact.
constexpr Pool kPool = kKeyspace;

TEST(ThreadCountersTest, BalancesMoveBetweenThreads) {
  int64_t before = Sum(kPool);
  std::thread([] { Count(kPool, 1000); }).join();
  EXPECT_EQ(Sum(kPool) - before, 1000);
  std::thread([] { Count(kPool, -400); }).join();
  Count(kPool, -600);
  EXPECT_EQ(Sum(kPool), before);
}

TEST(ThreadCountersTest, ExitedThreadsHandTheirCounterOn) {
  std::thread([] { Count(kPool, 0); }).join();
  size_t counters = TEST_CounterCount();
  for (int i = 0; i < 50; ++i) std::thread([] { Count(kPool, 0); }).join();
  EXPECT_EQ(TEST_CounterCount(), counters);
}

TEST(ThreadCountersTest, ConcurrentCountsSumExactly) {
  int64_t before = Sum(kPool);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100000; ++i) Count(kPool, t % 2 ? 3 : -1);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(Sum(kPool) - before, 2 * 100000 * 3 - 2 * 100000);
}

}  // namespace
}  // namespace ringdb::alloc::internal
