// Server counters for INFO. Each thread counts into its own block (no shared cache
// line on the data path); INFO sums the blocks.
//
// Thread: Local() is the calling thread's block; Sum() may run on any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace ringdb::engine {

struct ThreadStats {
  // Relaxed counters: written by the owning thread only, read racily by INFO.
  std::atomic<int64_t> commands{0};
  std::atomic<int64_t> keyspace_hits{0};
  std::atomic<int64_t> keyspace_misses{0};
  std::atomic<int64_t> expired_keys{0};
  std::atomic<int64_t> expired_stale_perc{0};
  std::atomic<int64_t> dirty{0};  // writes since the last save
  std::atomic<int64_t> connections_received{0};
  std::atomic<int64_t> rejected_connections{0};
  std::atomic<int64_t> net_input_bytes{0};
  std::atomic<int64_t> net_output_bytes{0};
  std::atomic<int64_t> error_replies{0};
  std::atomic<int64_t> unexpected_error_replies{0};

  static void Add(std::atomic<int64_t>& c, int64_t n) {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
};

struct StatsTotals {
  int64_t commands = 0, keyspace_hits = 0, keyspace_misses = 0, expired_keys = 0,
          dirty = 0, connections_received = 0, rejected_connections = 0,
          net_input_bytes = 0, net_output_bytes = 0, error_replies = 0;
};

namespace stats_internal {
extern constinit thread_local ThreadStats* tls_stats;
ThreadStats& CreateLocalStats();
}  // namespace stats_internal

// This thread's block, created on first use. Inline: every command bumps a few
// counters, and a dynamically initialized thread_local costs a guarded call each time.
inline ThreadStats& LocalStats() {
  ThreadStats* s = stats_internal::tls_stats;
  return s != nullptr ? *s : stats_internal::CreateLocalStats();
}
StatsTotals SumStats();
// CONFIG RESETSTAT: zeroes every counter but `dirty`.
void ResetStats();

}  // namespace ringdb::engine
