// One connection's user-space path for a pipeline of GETs or SETs: parse, prefetch,
// dispatch, execute, reply (engine::Session::OnInput), over a keyspace of 1M keys
// with random keys, so cache misses on slots, cells and entries count as they do
// in the server. No sockets: the kernel's share is measured by the harness.
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

// Pipelines of `depth` requests each ("GET key" or "SET key value") on random keys.
std::vector<std::string> Batches(bool set, size_t depth) {
  std::mt19937_64 rng(42);
  std::vector<std::string> batches(kBatches);
  for (std::string& b : batches) {
    for (size_t r = 0; r < depth; ++r) {
      std::string key = Key(rng() % kKeys);
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

void BM_Pipeline(benchmark::State& state, bool set) {
  const size_t depth = static_cast<size_t>(state.range(0));
  Server& server = Loaded();
  const std::vector<std::string> batches = Batches(set, depth);
  Session session(&server, ringdb::io::ConnectionInfo{2, -1, "127.0.0.1:2", "127.0.0.1:6379"});
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

void BM_Get(benchmark::State& state) { BM_Pipeline(state, false); }
void BM_Set(benchmark::State& state) { BM_Pipeline(state, true); }

BENCHMARK(BM_Get)->Arg(1)->Arg(16);
BENCHMARK(BM_Set)->Arg(1)->Arg(16);

}  // namespace

BENCHMARK_MAIN();
