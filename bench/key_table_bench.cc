// Keyspace table micro-benchmarks: lookup hit/miss, insert with growth, erase.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "types/key_table.h"

namespace {

using ringdb::types::Encoding;
using ringdb::types::Entry;
using ringdb::types::KeyTable;
using ringdb::types::kNoExpire;

std::vector<std::string> Keys(size_t n, const char* prefix) {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    char buf[32];
    snprintf(buf, sizeof buf, "%s%012zu", prefix, i);
    keys.emplace_back(buf);
  }
  return keys;
}

void Fill(KeyTable* t, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    t->Upsert(Entry::NewString(k, "value:0000000001", Encoding::kEmbstr, kNoExpire),
              KeyTable::Hash(k));
  }
}

void BM_LookupHit(benchmark::State& state) {
  KeyTable t;
  auto keys = Keys(state.range(0), "key:");
  Fill(&t, keys);
  size_t i = 0;
  for (auto _ : state) {
    const std::string& k = keys[i++ % keys.size()];
    benchmark::DoNotOptimize(t.Find(k, KeyTable::Hash(k)));
  }
}
BENCHMARK(BM_LookupHit)->Arg(64)->Arg(4096)->Arg(1 << 20);

void BM_LookupMiss(benchmark::State& state) {
  KeyTable t;
  Fill(&t, Keys(state.range(0), "key:"));
  auto misses = Keys(4096, "nokey:");
  size_t i = 0;
  for (auto _ : state) {
    const std::string& k = misses[i++ % misses.size()];
    benchmark::DoNotOptimize(t.Find(k, KeyTable::Hash(k)));
  }
}
BENCHMARK(BM_LookupMiss)->Arg(64)->Arg(1 << 20);

void BM_InsertGrow(benchmark::State& state) {
  auto keys = Keys(state.range(0), "key:");
  for (auto _ : state) {
    KeyTable t;
    Fill(&t, keys);
    benchmark::DoNotOptimize(t.size());
  }
  state.SetItemsProcessed(state.iterations() * keys.size());
}
BENCHMARK(BM_InsertGrow)->Arg(64)->Arg(1 << 16);

// The keyspace's shape: 1M keys spread over 16384 slot tables (~61 each), so every
// table grows through its small sizes and the entries it rehashes are cold.
constexpr size_t kSlots = 16384;

size_t SlotOf(uint64_t hash) { return hash % kSlots; }

void BM_SlottedInsert(benchmark::State& state) {
  auto keys = Keys(state.range(0), "key:");
  std::vector<uint64_t> hashes;
  for (const auto& k : keys) hashes.push_back(KeyTable::Hash(k));
  for (auto _ : state) {
    auto tables = std::make_unique<KeyTable[]>(kSlots);
    for (size_t i = 0; i < keys.size(); ++i) {
      tables[SlotOf(hashes[i])].Upsert(
          Entry::NewString(keys[i], "value:0000000001", Encoding::kEmbstr, kNoExpire), hashes[i]);
    }
    state.PauseTiming();
    tables.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * keys.size());
}
BENCHMARK(BM_SlottedInsert)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_SlottedLookupHit(benchmark::State& state) {
  auto keys = Keys(state.range(0), "key:");
  auto tables = std::make_unique<KeyTable[]>(kSlots);
  for (const auto& k : keys) {
    uint64_t h = KeyTable::Hash(k);
    tables[SlotOf(h)].Upsert(
        Entry::NewString(k, "value:0000000001", Encoding::kEmbstr, kNoExpire), h);
  }
  size_t i = 0;
  for (auto _ : state) {
    const std::string& k = keys[(i++ * 7919) % keys.size()];
    uint64_t h = KeyTable::Hash(k);
    benchmark::DoNotOptimize(tables[SlotOf(h)].Find(k, h));
  }
}
BENCHMARK(BM_SlottedLookupHit)->Arg(1 << 20);

void BM_EraseReinsert(benchmark::State& state) {
  KeyTable t;
  auto keys = Keys(state.range(0), "key:");
  Fill(&t, keys);
  size_t i = 0;
  for (auto _ : state) {
    const std::string& k = keys[i++ % keys.size()];
    uint64_t h = KeyTable::Hash(k);
    Entry* e = t.Erase(k, h);
    t.Upsert(e, h);
  }
}
BENCHMARK(BM_EraseReinsert)->Arg(64)->Arg(1 << 16);

}  // namespace

BENCHMARK_MAIN();
