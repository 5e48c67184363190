// Quicklist micro-benchmarks over 1K..1M elements of short strings and integers, under
// Redis's default fill (-2: 8 KiB nodes): push and pop at both ends, index into the
// middle, read a range of 100, and the same push with compression depth 1.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "types/quicklist.h"

namespace {

using ringdb::types::ListpackElement;
using ringdb::types::Quicklist;
using End = Quicklist::End;

constexpr int64_t kFill = -2;

std::string Value(size_t i) {
  return i % 3 == 0 ? std::to_string(i) : "value-" + std::to_string(i) + "-abcdefgh";
}

void Fill(Quicklist* q, size_t n) {
  for (size_t i = 0; i < n; ++i) q->Push(End::kTail, Value(i));
}

void BM_PushTail(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const int64_t depth = state.range(1);
  for (auto _ : state) {
    Quicklist q(kFill, depth);
    Fill(&q, n);
    benchmark::DoNotOptimize(q.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_PushTail)->Args({1 << 10, 0})->Args({1 << 20, 0})->Args({1 << 20, 1});

void BM_PushHeadPopTail(benchmark::State& state) {
  Quicklist q(kFill, 0);
  Fill(&q, static_cast<size_t>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    q.Push(End::kHead, Value(i++));
    benchmark::DoNotOptimize(q.Pop(End::kTail));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PushHeadPopTail)->Arg(1 << 10)->Arg(1 << 20);

void BM_IndexMiddle(benchmark::State& state) {
  Quicklist q(kFill, state.range(1));
  const auto n = static_cast<size_t>(state.range(0));
  Fill(&q, n);
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    q.Index(static_cast<int64_t>(n / 4 + (i++ % (n / 2))), &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IndexMiddle)->Args({1 << 10, 0})->Args({1 << 20, 0})->Args({1 << 20, 1});

void BM_Range100(benchmark::State& state) {
  Quicklist q(kFill, 0);
  const auto n = static_cast<size_t>(state.range(0));
  Fill(&q, n);
  size_t bytes = 0;
  for (auto _ : state) {
    q.ForRange(0, 99, false, [&](const ListpackElement& e) { bytes += e.TextSize(); });
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_Range100)->Arg(1 << 10)->Arg(1 << 20);

}  // namespace

BENCHMARK_MAIN();
