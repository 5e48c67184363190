// Per-command dispatch costs: command-name lookup and key extraction, which the
// dispatcher pays on every command.
#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

#include "engine/command_spec.h"
#include "engine/key_extraction.h"

namespace ringdb::engine {
namespace {

// Names as clients send them: mostly upper case, a few misses.
const std::vector<std::string_view> kNames = {"GET", "SET", "hset", "ZADD", "incr",
                                              "MGET", "lpush", "EXPIRE", "nosuch", "Del"};

void BM_FindCommandSpec(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(FindCommandSpec(kNames[i]));
    i = (i + 1) % kNames.size();
  }
}
BENCHMARK(BM_FindCommandSpec);

void BM_FindSubcommandSpec(benchmark::State& state) {
  const CommandSpec* client = FindCommandSpec("client");
  const std::vector<std::string_view> subs = {"SETNAME", "info", "KILL", "list", "nosuch"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(FindSubcommandSpec(*client, subs[i]));
    i = (i + 1) % subs.size();
  }
}
BENCHMARK(BM_FindSubcommandSpec);

void BM_ExtractKeyPositionsGet(benchmark::State& state) {
  const CommandSpec* get = FindCommandSpec("get");
  const std::vector<std::string_view> args = {"GET", "key:000001"};
  std::vector<int> positions;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ExtractKeyPositions(*get, args, &positions));
  }
}
BENCHMARK(BM_ExtractKeyPositionsGet);

void BM_ExtractKeyPositionsMset(benchmark::State& state) {
  const CommandSpec* mset = FindCommandSpec("mset");
  std::vector<std::string_view> args = {"MSET"};
  for (int i = 0; i < 10; ++i) {
    args.push_back("key");
    args.push_back("value");
  }
  std::vector<int> positions;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ExtractKeyPositions(*mset, args, &positions));
  }
}
BENCHMARK(BM_ExtractKeyPositionsMset);

void BM_ExtractKeyPositionsXread(benchmark::State& state) {
  const CommandSpec* xread = FindCommandSpec("xread");
  const std::vector<std::string_view> args = {"XREAD", "COUNT", "10", "STREAMS", "a", "b",
                                              "0", "0"};
  std::vector<int> positions;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ExtractKeyPositions(*xread, args, &positions));
  }
}
BENCHMARK(BM_ExtractKeyPositionsXread);

}  // namespace
}  // namespace ringdb::engine

BENCHMARK_MAIN();
