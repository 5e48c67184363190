// Listpack micro-benchmarks over 16..4096 elements of hash-like content (field:N,
// value pairs; every third value an integer): append one by one and in one batch,
// seek by index, find a field (skip 1, as HGET), iterate both ways.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/listpack.h"

namespace {

using ringdb::types::Listpack;
using ringdb::types::ListpackElement;

std::vector<std::string> Values(size_t n) {
  std::vector<std::string> values;
  values.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    std::string v;
    if (i % 2 == 0) {
      v.append("field:").append(std::to_string(i / 2));
    } else if (i % 3 == 0) {
      v = std::to_string(i * 7919);
    } else {
      v.append("value-").append(std::to_string(i)).append("-abcdefgh");
    }
    values.push_back(std::move(v));
  }
  return values;
}

Listpack Filled(const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  Listpack lp;
  lp.AppendMany(views);
  return lp;
}

void Ranges(benchmark::internal::Benchmark* b) { b->RangeMultiplier(4)->Range(16, 4096); }

// Appending n elements one at a time, from empty: reallocation included.
void BM_Append(benchmark::State& state) {
  const auto values = Values(state.range(0));
  for (auto _ : state) {
    Listpack lp;
    for (const std::string& v : values) lp.Append(v);
    benchmark::DoNotOptimize(lp.bytes().data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Append)->Apply(Ranges);

void BM_AppendMany(benchmark::State& state) {
  const auto values = Values(state.range(0));
  const std::vector<std::string_view> views(values.begin(), values.end());
  for (auto _ : state) {
    Listpack lp;
    lp.AppendMany(views);
    benchmark::DoNotOptimize(lp.bytes().data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AppendMany)->Apply(Ranges);

// Seek to indexes spread over the whole listpack, both signs: the walk is from the
// nearer end, so the average cost is a quarter of the elements.
void BM_Seek(benchmark::State& state) {
  const int64_t n = state.range(0);
  Listpack lp = Filled(Values(n));
  int64_t i = 0;
  for (auto _ : state) {
    const int64_t index = (i * 7) % n;
    benchmark::DoNotOptimize(lp.Seek(i % 2 == 0 ? index : index - n));
    ++i;
  }
}
BENCHMARK(BM_Seek)->Apply(Ranges);

// HGET's search: fields only (skip 1), hits spread evenly over the hash.
void BM_FindField(benchmark::State& state) {
  const auto values = Values(state.range(0));
  Listpack lp = Filled(values);
  const size_t fields = values.size() / 2;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& field = values[2 * ((i++ * 7) % fields)];
    benchmark::DoNotOptimize(lp.Find(field, lp.First(), 1));
  }
}
BENCHMARK(BM_FindField)->Apply(Ranges);

// A miss scans every field: the worst case, and HSET's path for a new field.
void BM_FindMissing(benchmark::State& state) {
  Listpack lp = Filled(Values(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(lp.Find("field:missing", lp.First(), 1));
}
BENCHMARK(BM_FindMissing)->Apply(Ranges);

// A whole pass reading every element (HGETALL).
void BM_Iterate(benchmark::State& state) {
  Listpack lp = Filled(Values(state.range(0)));
  for (auto _ : state) {
    size_t bytes = 0;
    lp.ForEach([&](const ListpackElement& e) { bytes += e.is_int ? 8 : e.str.size(); });
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Iterate)->Apply(Ranges);

void BM_IterateBackward(benchmark::State& state) {
  Listpack lp = Filled(Values(state.range(0)));
  for (auto _ : state) {
    size_t bytes = 0;
    for (size_t p = lp.Last(); p != Listpack::kEnd; p = lp.Prev(p)) {
      const ListpackElement e = lp.Get(p);
      bytes += e.is_int ? 8 : e.str.size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IterateBackward)->Apply(Ranges);

// HSET of an existing field's value with one of the same size: found, then rewritten.
void BM_FindAndReplace(benchmark::State& state) {
  const auto values = Values(state.range(0));
  Listpack lp = Filled(values);
  const size_t fields = values.size() / 2;
  size_t i = 0;
  for (auto _ : state) {
    const std::string& field = values[2 * ((i++ * 7) % fields)];
    const size_t pos = lp.Find(field, lp.First(), 1);
    lp.Replace(lp.Next(pos), "value-0000-abcdefgh");
  }
}
BENCHMARK(BM_FindAndReplace)->Apply(Ranges);

}  // namespace

BENCHMARK_MAIN();
