// Micro-benchmarks for the wire protocol: request parsing and reply building.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "protocol/reply_builder.h"
#include "protocol/resp_parser.h"

namespace ringdb::protocol {
namespace {

std::string Multibulk(const std::vector<std::string>& args) {
  std::string s = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

// Parses every request in `input` per iteration; reports bytes and requests per second.
void ParseAll(benchmark::State& state, const std::string& input, int requests) {
  RespParser parser;
  for (auto _ : state) {
    std::string_view rest = input;
    while (!rest.empty()) {
      const ParseStatus st = parser.Parse(rest);
      if (st != ParseStatus::kCommand) {
        state.SkipWithError("unexpected parse status");
        return;
      }
      benchmark::DoNotOptimize(parser.args().data());
      rest.remove_prefix(parser.consumed());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * requests));
}

void BM_ParseGet(benchmark::State& state) {
  ParseAll(state, Multibulk({"GET", "key:000000001234"}), 1);
}
BENCHMARK(BM_ParseGet);

void BM_ParseSet16(benchmark::State& state) {
  ParseAll(state, Multibulk({"SET", "key:000000001234", std::string(16, 'v')}), 1);
}
BENCHMARK(BM_ParseSet16);

void BM_ParsePipeline16(benchmark::State& state) {
  std::string input;
  for (int i = 0; i < 16; ++i) input += Multibulk({"GET", "key:" + std::to_string(i)});
  ParseAll(state, input, 16);
}
BENCHMARK(BM_ParsePipeline16);

void BM_ParseInlineGet(benchmark::State& state) {
  ParseAll(state, "GET key:000000001234\r\n", 1);
}
BENCHMARK(BM_ParseInlineGet);

void BM_ParseBulk1MiB(benchmark::State& state) {
  ParseAll(state, Multibulk({"SET", "k", std::string(1 << 20, 'v')}), 1);
}
BENCHMARK(BM_ParseBulk1MiB);

// A 1 MiB bulk arriving in 16 KiB reads, parsed after each read as a connection would.
void BM_ParseBulk1MiBIncremental(benchmark::State& state) {
  const std::string input = Multibulk({"SET", "k", std::string(1 << 20, 'v')});
  constexpr size_t kRead = 16 * 1024;
  RespParser parser;
  for (auto _ : state) {
    for (size_t have = kRead;; have += kRead) {
      const std::string_view seen = std::string_view(input).substr(0, have);
      if (parser.Parse(seen) == ParseStatus::kCommand) break;
    }
    benchmark::DoNotOptimize(parser.args().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_ParseBulk1MiBIncremental);

// Reply benchmarks reuse one output buffer, cleared per batch, as a connection's would be.
void BM_ReplyBulk(benchmark::State& state) {
  std::string out;
  ReplyBuilder rb(&out);
  const std::string value(16, 'v');
  for (auto _ : state) {
    out.clear();
    rb.SendBulk(value);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_ReplyBulk);

void BM_ReplyInteger(benchmark::State& state) {
  std::string out;
  ReplyBuilder rb(&out);
  int64_t n = 1234567;
  for (auto _ : state) {
    out.clear();
    rb.SendLong(n++);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_ReplyInteger);

void BM_ReplyArrayOf10Bulks(benchmark::State& state) {
  std::string out;
  ReplyBuilder rb(&out);
  std::vector<std::string> items;
  for (int i = 0; i < 10; ++i) items.push_back("value:" + std::to_string(i * 1000));
  for (auto _ : state) {
    out.clear();
    rb.SendBulkArray(items);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_ReplyArrayOf10Bulks);

void BM_ReplyDouble(benchmark::State& state) {
  std::string out;
  ReplyBuilder rb(&out, static_cast<int>(state.range(0)));
  double d = 3.14159;
  for (auto _ : state) {
    out.clear();
    rb.SendDouble(d);
    d += 0.001;
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_ReplyDouble)->Arg(2)->Arg(3);

}  // namespace
}  // namespace ringdb::protocol

BENCHMARK_MAIN();
