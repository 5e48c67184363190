// StringMap (types/string_map.h) against std::unordered_map<std::string, std::string>:
// insert (growing from empty), lookup hit and miss, erase, for 1Ki..1Mi elements of
// 16-byte keys and 16-byte values (a hash's fields). Each insert benchmark reports
// bytes_per_elem, the process's heap growth per element as alloc::UsedMemory() counts
// it (operator new included, so the baseline's nodes and strings count too); the set
// (no values) and zset (8-byte values) shapes are measured for StringMap alone.
// BM_WorstInsert reports the slowest single insert while growing to 8Mi elements: the
// pause a resize costs (incremental here, all at once in std::unordered_map).
//
// Run: ./string_map_bench (Release build; --benchmark_filter=... to pick).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "alloc/memory.h"
#include "types/string_map.h"

namespace {

using ringdb::types::StringMap;

std::vector<std::string> Strings(size_t n, const char* prefix) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    char buf[32];
    snprintf(buf, sizeof buf, "%s%010zu", prefix, i);  // 16 bytes with a 6-byte prefix
    out.emplace_back(buf);
  }
  return out;
}

struct HashMap {
  StringMap m;
  void Insert(const std::string& k, const std::string& v) { m.Insert(k, v); }
  bool Find(const std::string& k) { return static_cast<bool>(m.Find(k)); }
  void Erase(const std::string& k) { m.Erase(k); }
};

struct SetMap {
  StringMap m{StringMap::ValueSize::kNone};
  void Insert(const std::string& k, const std::string&) { m.Insert(k); }
  bool Find(const std::string& k) { return static_cast<bool>(m.Find(k)); }
  void Erase(const std::string& k) { m.Erase(k); }
};

struct ZSetMap {
  StringMap m{sizeof(double)};
  void Insert(const std::string& k, const std::string& v) {
    m.Insert(k, std::string_view(v).substr(0, sizeof(double)));
  }
  bool Find(const std::string& k) { return static_cast<bool>(m.Find(k)); }
  void Erase(const std::string& k) { m.Erase(k); }
};

struct StdMap {
  std::unordered_map<std::string, std::string> m;
  void Insert(const std::string& k, const std::string& v) { m[k] = v; }
  bool Find(const std::string& k) { return m.find(k) != m.end(); }
  void Erase(const std::string& k) { m.erase(k); }
};

struct Data {
  std::vector<std::string> keys, values, misses;
  std::vector<uint32_t> order;  // a random permutation: lookups in no useful order
};

const Data& DataFor(size_t n) {
  static std::unordered_map<size_t, Data> cache;
  Data& d = cache[n];
  if (d.keys.empty()) {
    d.keys = Strings(n, "field:");
    d.values = Strings(n, "value:");
    d.misses = Strings(n, "nofld:");
    d.order.resize(n);
    std::iota(d.order.begin(), d.order.end(), 0);
    std::shuffle(d.order.begin(), d.order.end(), std::mt19937_64(1));
  }
  return d;
}

template <typename M>
void Fill(M* map, const Data& d) {
  for (size_t i = 0; i < d.keys.size(); ++i) map->Insert(d.keys[i], d.values[i]);
}

template <typename M>
void BM_Insert(benchmark::State& state) {
  const Data& d = DataFor(state.range(0));
  double bytes = 0;
  for (auto _ : state) {
    int64_t before = ringdb::alloc::UsedMemory();
    auto* map = new M;
    Fill(map, d);
    state.PauseTiming();
    bytes = static_cast<double>(ringdb::alloc::UsedMemory() - before);
    delete map;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * d.keys.size());
  state.counters["bytes_per_elem"] = bytes / static_cast<double>(d.keys.size());
}

template <typename M>
void BM_FindHit(benchmark::State& state) {
  const Data& d = DataFor(state.range(0));
  M map;
  Fill(&map, d);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(map.Find(d.keys[d.order[i]]));
    if (++i == d.order.size()) i = 0;
  }
}

template <typename M>
void BM_FindMiss(benchmark::State& state) {
  const Data& d = DataFor(state.range(0));
  M map;
  Fill(&map, d);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(map.Find(d.misses[d.order[i]]));
    if (++i == d.order.size()) i = 0;
  }
}

// Erases every element in random order (shrinking the StringMap as it drains).
template <typename M>
void BM_Erase(benchmark::State& state) {
  const Data& d = DataFor(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto* map = new M;
    Fill(map, d);
    state.ResumeTiming();
    for (uint32_t i : d.order) map->Erase(d.keys[i]);
    state.PauseTiming();
    delete map;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * d.keys.size());
}

// The slowest single insert while growing from empty, and how many took over 100 µs.
// On a shared machine a preempted insert shows up here too (seen as an involuntary
// context switch in getrusage): compare runs, not one number.
template <typename M>
void BM_WorstInsert(benchmark::State& state) {
  const Data& d = DataFor(state.range(0));
  for (auto _ : state) {
    auto* map = new M;
    int64_t worst_ns = 0, over_100us = 0;
    for (size_t i = 0; i < d.keys.size(); ++i) {
      auto start = std::chrono::steady_clock::now();
      map->Insert(d.keys[i], d.values[i]);
      int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
      worst_ns = std::max(worst_ns, ns);
      over_100us += ns > 100000;
    }
    state.counters["worst_insert_us"] = static_cast<double>(worst_ns) / 1000;
    state.counters["inserts_over_100us"] = static_cast<double>(over_100us);
    state.PauseTiming();
    delete map;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * d.keys.size());
}

#define SIZES ->Arg(1 << 10)->Arg(1 << 14)->Arg(1 << 17)->Arg(1 << 20)
// Bytes per element swing with the load (1/2..1 between doublings): 2^20 elements fill
// 2^20 buckets exactly, 700000 leave them 2/3 full.

BENCHMARK_TEMPLATE(BM_Insert, HashMap) SIZES->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Insert, StdMap) SIZES->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Insert, HashMap)->Arg(700000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Insert, StdMap)->Arg(700000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Insert, SetMap)->Arg(1 << 20)->Arg(700000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Insert, ZSetMap)->Arg(1 << 20)->Arg(700000)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_FindHit, HashMap) SIZES;
BENCHMARK_TEMPLATE(BM_FindHit, StdMap) SIZES;
BENCHMARK_TEMPLATE(BM_FindMiss, HashMap) SIZES;
BENCHMARK_TEMPLATE(BM_FindMiss, StdMap) SIZES;
BENCHMARK_TEMPLATE(BM_Erase, HashMap) SIZES->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Erase, StdMap) SIZES->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_WorstInsert, HashMap)
    ->Arg(1 << 23)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_WorstInsert, StdMap)
    ->Arg(1 << 23)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
