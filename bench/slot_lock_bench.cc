// Slot locking: the uncontended cost a command pays, and contention when threads hit
// the same or distinct slots.
#include <benchmark/benchmark.h>

#include "engine/keyspace.h"

namespace {

ringdb::engine::Keyspace& Shared() {
  static auto* ks = new ringdb::engine::Keyspace(16);
  return *ks;
}

void BM_LockUnlockOwnSlot(benchmark::State& state) {
  auto& ks = Shared();
  uint16_t slot = static_cast<uint16_t>(state.thread_index() * 97);
  for (auto _ : state) {
    ks.slot(slot).lock().lock();
    benchmark::ClobberMemory();
    ks.slot(slot).lock().unlock();
  }
}
BENCHMARK(BM_LockUnlockOwnSlot)->Threads(1)->Threads(2)->UseRealTime();

void BM_LockUnlockSameSlot(benchmark::State& state) {
  auto& ks = Shared();
  for (auto _ : state) {
    ks.slot(7).lock().lock();
    benchmark::ClobberMemory();
    ks.slot(7).lock().unlock();
  }
}
BENCHMARK(BM_LockUnlockSameSlot)->Threads(1)->Threads(2)->UseRealTime();

void BM_LockAllSlots(benchmark::State& state) {
  auto& ks = Shared();
  for (auto _ : state) {
    ks.LockAll();
    ks.UnlockAll();
  }
}
BENCHMARK(BM_LockAllSlots);

}  // namespace

BENCHMARK_MAIN();
