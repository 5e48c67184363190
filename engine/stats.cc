#include "engine/stats.h"

#include <mutex>
#include <vector>

namespace ringdb::engine {
namespace {

std::mutex registry_mu;
std::vector<ThreadStats*>& Registry() {
  static auto* blocks = new std::vector<ThreadStats*>();
  return *blocks;
}

int64_t Get(const std::atomic<int64_t>& c) { return c.load(std::memory_order_relaxed); }

}  // namespace

namespace stats_internal {

constinit thread_local ThreadStats* tls_stats = nullptr;

ThreadStats& CreateLocalStats() {
  // Blocks outlive their threads so the totals stay monotonic.
  auto* s = new ThreadStats();
  {
    std::lock_guard lock(registry_mu);
    Registry().push_back(s);
  }
  tls_stats = s;
  return *s;
}

}  // namespace stats_internal

StatsTotals SumStats() {
  StatsTotals t;
  std::lock_guard lock(registry_mu);
  for (const ThreadStats* s : Registry()) {
    t.commands += Get(s->commands);
    t.keyspace_hits += Get(s->keyspace_hits);
    t.keyspace_misses += Get(s->keyspace_misses);
    t.expired_keys += Get(s->expired_keys);
    t.dirty += Get(s->dirty);
    t.connections_received += Get(s->connections_received);
    t.rejected_connections += Get(s->rejected_connections);
    t.net_input_bytes += Get(s->net_input_bytes);
    t.net_output_bytes += Get(s->net_output_bytes);
    t.error_replies += Get(s->error_replies);
  }
  return t;
}

void ResetStats() {
  std::lock_guard lock(registry_mu);
  for (ThreadStats* s : Registry()) {
    for (auto* c : {&s->commands, &s->keyspace_hits, &s->keyspace_misses, &s->expired_keys,
                    &s->expired_stale_perc, &s->connections_received, &s->rejected_connections,
                    &s->net_input_bytes, &s->net_output_bytes, &s->error_replies,
                    &s->unexpected_error_replies}) {
      c->store(0, std::memory_order_relaxed);
    }
  }
}

}  // namespace ringdb::engine
