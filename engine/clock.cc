#include "engine/clock.h"

#include <time.h>

#include <atomic>

namespace ringdb::engine {
namespace {
std::atomic<int64_t> test_offset_us{0};
}

int64_t NowUs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000000 + ts.tv_nsec / 1000 +
         test_offset_us.load(std::memory_order_relaxed);
}

int64_t NowMs() { return NowUs() / 1000; }

uint32_t LruClock(int64_t now_ms) { return static_cast<uint32_t>(now_ms / 1000) & kLruClockMax; }

uint64_t IdleSeconds(uint32_t lru, int64_t now_ms) {
  uint32_t now = LruClock(now_ms);
  return now >= lru ? now - lru : (kLruClockMax - lru) + now;
}

void TEST_AdvanceClockMs(int64_t delta_ms) { test_offset_us.fetch_add(delta_ms * 1000); }

}  // namespace ringdb::engine
