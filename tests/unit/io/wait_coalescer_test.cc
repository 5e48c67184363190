#include "io/wait_coalescer.h"

#include <gtest/gtest.h>

namespace ringdb::io {
namespace {

constexpr int64_t kWindow = WaitCoalescer::kWindowUs;

int64_t CpuAt(int percent) { return kWindow * percent / 100; }

TEST(WaitCoalescerTest, AnIdleOrLightlyLoadedLoopWakesAtTheFirstCompletion) {
  WaitCoalescer c;
  EXPECT_EQ(c.Next(3).nr, 1u);
  EXPECT_EQ(c.Next(3).min_wait_us, 0u);
  c.EndWindow(kWindow, CpuAt(WaitCoalescer::kBusyOnPercent - 1), 50);
  EXPECT_EQ(c.Next(0).min_wait_us, 0u);
  // Busy, but with few connections: they wait on our replies, not on each other.
  c.EndWindow(kWindow, CpuAt(100), WaitCoalescer::kMinActive - 1);
  EXPECT_EQ(c.Next(0).min_wait_us, 0u);
}

TEST(WaitCoalescerTest, ABusyLoopWithManyClientsBatchesUntilItCalmsDown) {
  WaitCoalescer c;
  c.EndWindow(kWindow, CpuAt(WaitCoalescer::kBusyOnPercent), 40);
  WaitCoalescer::Wait w = c.Next(0);
  EXPECT_EQ(w.min_wait_us, WaitCoalescer::kMaxCoalesceUs);
  EXPECT_EQ(w.nr, 10u);  // a quarter of the active connections
  // The pass's own send completions come back at once: they do not count.
  EXPECT_EQ(c.Next(3).nr, 13u);
  // Hysteresis: batching lowers the CPU it is judged by.
  c.EndWindow(kWindow, CpuAt(WaitCoalescer::kBusyOffPercent), 40);
  EXPECT_EQ(c.Next(0).min_wait_us, WaitCoalescer::kMaxCoalesceUs);
  c.EndWindow(kWindow, CpuAt(WaitCoalescer::kBusyOffPercent - 1), 40);
  EXPECT_EQ(c.Next(0).min_wait_us, 0u);
  EXPECT_EQ(c.Next(0).nr, 1u);
}

TEST(WaitCoalescerTest, TheBatchIsBounded) {
  WaitCoalescer c;
  c.EndWindow(kWindow, CpuAt(100), 10000);
  EXPECT_EQ(c.Next(0).nr, WaitCoalescer::kMaxExtra);
  EXPECT_EQ(c.Next(100000).nr, WaitCoalescer::kMaxWaitNr);
  c.EndWindow(kWindow, CpuAt(100), WaitCoalescer::kMinActive);
  EXPECT_EQ(c.Next(0).nr, 2u);
  c.EndWindow(0, 0, 0);  // an empty window changes nothing
  EXPECT_EQ(c.Next(0).nr, 2u);
}

}  // namespace
}  // namespace ringdb::io
