// One connection's user-space path for a pipeline of GETs or SETs: parse, prefetch,
// dispatch, execute, reply (engine::Session::OnInput), over a keyspace of 1M keys
// with random keys, so cache misses on slots, cells and entries count as they do
// in the server. No sockets: the kernel's share is measured by the harness.
//
// The /threads:2 runs put one connection on each of two threads over the same
// keyspace: how the shared, slot-locked data path scales, without the kernel's TCP
// path or a load generator competing for the cores (which is all a 2-core machine
// allows to measure; see bench/RESULTS.md). "Hot" runs aim every request at 16 keys,
// so both threads fight over the same slot locks and cache lines: the worst case.
//
//   ./build/bench/pipeline_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "engine/server.h"
#include "engine/session.h"

namespace {

using ringdb::engine::Server;
using ringdb::engine::Session;

constexpr size_t kKeys = 1'000'000;
constexpr size_t kBatches = 4096;  // distinct pipelines, so no batch stays in cache

std::string Key(size_t i) {
  char buf[32];
  snprintf(buf, sizeof buf, "key:%012zu", i);
  return buf;
}

std::string Bulk(const std::string& s) {
  std::string out = "$";
  out.append(std::to_string(s.size())).append("\r\n").append(s).append("\r\n");
  return out;
}

// Pipelines of `depth` requests each ("GET key" or "SET key value") on random keys
// among the first `key_range`.
std::vector<std::string> Batches(bool set, size_t depth, size_t key_range, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> batches(kBatches);
  for (std::string& b : batches) {
    for (size_t r = 0; r < depth; ++r) {
      std::string key = Key(rng() % key_range);
      b += set ? "*3\r\n" + Bulk("SET") + Bulk(key) + Bulk("val:000000000001")
               : "*2\r\n" + Bulk("GET") + Bulk(key);
    }
  }
  return batches;
}

Server& Loaded() {
  static Server* server = [] {
    auto* s = new Server();
    Session loader(s, ringdb::io::ConnectionInfo{1, -1, "127.0.0.1:1", "127.0.0.1:6379"});
    std::string in, out;
    ringdb::io::HandlerVerdict verdict;
    for (size_t i = 0; i < kKeys; ++i) {
      in += "*3\r\n" + Bulk("SET") + Bulk(Key(i)) + Bulk("val:000000000001");
      if (in.size() > (1 << 16) || i + 1 == kKeys) {
        loader.OnInput(in, &out, &verdict);
        in.clear();
        out.clear();
      }
    }
    return s;
  }();
  return *server;
}

// Each benchmark thread is one connection with its own requests.
void BM_Pipeline(benchmark::State& state, bool set, size_t key_range) {
  const size_t depth = static_cast<size_t>(state.range(0));
  Server& server = Loaded();
  const auto thread = static_cast<uint64_t>(state.thread_index());
  const std::vector<std::string> batches = Batches(set, depth, key_range, 42 + thread);
  Session session(&server,
                  ringdb::io::ConnectionInfo{2 + thread, -1, "127.0.0.1:2", "127.0.0.1:6379"});
  std::string out;
  ringdb::io::HandlerVerdict verdict;
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    size_t used = session.OnInput(batches[i++ % kBatches], &out, &verdict);
    benchmark::DoNotOptimize(used);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * depth));
}

constexpr size_t kHotKeys = 16;

void BM_Get(benchmark::State& state) { BM_Pipeline(state, false, kKeys); }
void BM_Set(benchmark::State& state) { BM_Pipeline(state, true, kKeys); }
void BM_GetHot(benchmark::State& state) { BM_Pipeline(state, false, kHotKeys); }
void BM_SetHot(benchmark::State& state) { BM_Pipeline(state, true, kHotKeys); }

BENCHMARK(BM_Get)->Arg(1)->Arg(16);
BENCHMARK(BM_Set)->Arg(1)->Arg(16);
// Scaling: items_per_second over wall time, one thread against two.
BENCHMARK(BM_Get)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_Set)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_GetHot)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_SetHot)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
