// Wall-clock time as the keyspace sees it. One reading per command (as Redis caches
// mstime per command) keeps expiry decisions consistent within the command.
#pragma once

#include <cstdint>

namespace ringdb::engine {

// Unix time in milliseconds, plus the test offset.
int64_t NowMs();
// Unix time in microseconds, plus the test offset.
int64_t NowUs();
// Redis's 24-bit LRU clock in seconds.
uint32_t LruClock(int64_t now_ms);
inline constexpr uint32_t kLruClockMax = (1u << 24) - 1;
// Seconds an object last touched at `lru` has been idle at `now_ms`.
uint64_t IdleSeconds(uint32_t lru, int64_t now_ms);

// Moves the clock forward for tests (expiry without sleeping). Thread-safe.
void TEST_AdvanceClockMs(int64_t delta_ms);

}  // namespace ringdb::engine
