#include "io/wait_coalescer.h"

#include <gtest/gtest.h>

namespace ringdb::io {
namespace {

// A window in which the loop was `busy_percent` busy and `active` connections each
// sent `bytes_per_recv` per receive.
WaitCoalescer::Window Load(int busy_percent, unsigned active,
                           int64_t bytes_per_recv = WaitCoalescer::kMinBytesPerRecv) {
  WaitCoalescer::Window w;
  w.wall_us = WaitCoalescer::kWindowUs;
  w.cpu_us = w.wall_us * busy_percent / 100;
  w.active = active;
  w.recvs = 10 * active;
  w.recv_bytes = w.recvs * bytes_per_recv;
  return w;
}

bool Batching(const WaitCoalescer& c) { return c.Next(0).min_wait_us != 0; }

TEST(WaitCoalescerTest, AnIdleOrLightlyLoadedLoopWakesAtTheFirstCompletion) {
  WaitCoalescer c;
  EXPECT_EQ(c.Next(3).nr, 1u);
  EXPECT_FALSE(Batching(c));
  c.EndWindow(Load(WaitCoalescer::kBusyOnPercent - 1, 50));
  EXPECT_FALSE(Batching(c));
  // Busy, but with few connections: they wait on our replies, not on each other.
  c.EndWindow(Load(100, WaitCoalescer::kMinActive - 1));
  EXPECT_FALSE(Batching(c));
  // Busy with many connections that each wait for their reply (no pipelines).
  c.EndWindow(Load(100, 50, WaitCoalescer::kMinBytesPerRecv - 1));
  EXPECT_FALSE(Batching(c));
}

TEST(WaitCoalescerTest, ABusyLoopWithManyPipelinesBatchesUntilItCalmsDown) {
  WaitCoalescer c;
  c.EndWindow(Load(WaitCoalescer::kBusyOnPercent, 40));
  WaitCoalescer::Wait w = c.Next(0);
  EXPECT_EQ(w.min_wait_us, WaitCoalescer::kMaxCoalesceUs);
  EXPECT_EQ(w.nr, 10u);  // a quarter of the active connections
  // The pass's own send completions come back at once: they do not count.
  EXPECT_EQ(c.Next(3).nr, 13u);
  // Hysteresis: batching lowers the CPU it is judged by.
  c.EndWindow(Load(WaitCoalescer::kBusyOffPercent, 40));
  EXPECT_TRUE(Batching(c));
  c.EndWindow(Load(WaitCoalescer::kBusyOffPercent - 1, 40));
  EXPECT_FALSE(Batching(c));
  EXPECT_EQ(c.Next(0).nr, 1u);
}

TEST(WaitCoalescerTest, TheBatchIsBounded) {
  WaitCoalescer c;
  c.EndWindow(Load(100, 10000));
  EXPECT_EQ(c.Next(0).nr, WaitCoalescer::kMaxExtra);
  EXPECT_EQ(c.Next(100000).nr, WaitCoalescer::kMaxWaitNr);
  c.EndWindow(Load(100, WaitCoalescer::kMinActive));
  EXPECT_EQ(c.Next(0).nr, 2u);
  c.EndWindow(WaitCoalescer::Window{});  // an empty window changes nothing
  EXPECT_EQ(c.Next(0).nr, 2u);
}

}  // namespace
}  // namespace ringdb::io
