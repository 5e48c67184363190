#include "io/ring.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace ringdb::io {
namespace {

using std::chrono::steady_clock;
using namespace std::chrono_literals;

// The batched wait (WaitCoalescer) must never hold a completion longer than its
// bound: with fewer completions than asked for, min-wait returns what is there.
TEST(RingTest, MinWaitReturnsWhatIsThereOnceItsBoundPasses) {
  Ring ring;
  std::string error;
  ASSERT_TRUE(ring.Init(8, /*single_issuer=*/true, &error)) << error;
  io_uring_prep_nop(ring.GetSqe());
  const auto start = steady_clock::now();
  ring.SubmitAndWait(/*timeout_ms=*/5000, /*nr=*/4, /*min_wait_us=*/20000);
  const auto elapsed = steady_clock::now() - start;
  EXPECT_EQ(io_uring_cq_ready(ring.raw()), 1u);
  if (ring.has_min_wait()) {
    EXPECT_GE(elapsed, 15ms);  // it did wait for more
  }
  EXPECT_LT(elapsed, 4s);  // but not for the timeout
}

}  // namespace
}  // namespace ringdb::io
