// The cross-thread mailbox behind EventLoop::Post: how long a wake-up through the ring
// takes, and how many posted closures one loop takes in per second. Threads use it
// for blocked-client wake-ups, pub/sub delivery and CLIENT KILL, so both the latency
// of one message to an idle loop and the rate under a flood matter.
//
// Each benchmark run starts its own loops (an IoServer with no listeners, so they
// only run their mail) and stops them afterwards, outside the timed region. Times
// are wall-clock; the CPU column is the benchmark thread's alone, which mostly waits,
// and means little here.
//
// Pinning: IoServer pins loop i to the i-th CPU the process may use. Under
// `taskset -c 1` everything shares cpu1, so each wake-up includes a context switch
// on that CPU; under `taskset -c 0,1` the two ping-pong loops sit on different CPUs
// and each wake-up crosses CPUs.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "io/event_loop.h"
#include "io/mailbox.h"
#include "io/server.h"

namespace ringdb::io {
namespace {

// Round trips per timed batch in the ping-pong; the kick-off and the final signal
// to the benchmark thread are paid once per batch.
constexpr int64_t kRoundTripsPerBatch = 1000;
// Closures posted per batch in the throughput benchmark, split among the producers.
// It also bounds the mailbox's depth: the next batch starts once this one has run.
constexpr int64_t kPostsPerBatch = 8192;

// The loops take no connections; a factory is still required.
class NoConnections : public HandlerFactory {
 public:
  std::unique_ptr<ConnectionHandler> Create(const ConnectionInfo&, std::string*) override {
    return nullptr;
  }
};

// Starts `loops` event loops with no listeners. On failure (e.g. io_uring blocked
// here) skips the benchmark with the reason and returns false.
bool StartLoops(int loops, IoServer* server, benchmark::State& state) {
  ServerOptions options;
  options.bind_addresses = {};
  options.threads = loops;
  options.pin_threads = true;
  std::string error;
  bool ok = server->Start(
      options, [](EventLoop&) { return std::make_unique<NoConnections>(); }, &error);
  if (!ok) state.SkipWithError(error.c_str());
  return ok;
}

// Tells the benchmark thread that a batch has finished. The waiter blocks on a futex,
// never spins: under `taskset -c 1` a spinning waiter would take the CPU from the
// loop it waits for.
//
// Thread: Signal() on a loop; WaitFor() on the benchmark thread. Must outlive the
// loops (declare it before the IoServer), since Signal() touches it after waking
// the waiter.
class BatchSignal {
 public:
  void Signal() {
    finished_.fetch_add(1, std::memory_order_release);
    finished_.notify_one();
  }
  // Blocks until `batches` batches in all have finished.
  void WaitFor(uint64_t batches) {
    for (uint64_t seen = finished_.load(std::memory_order_acquire); seen < batches;
         seen = finished_.load(std::memory_order_acquire)) {
      finished_.wait(seen, std::memory_order_acquire);
    }
  }

 private:
  std::atomic<uint64_t> finished_{0};
};

// Counts closures run on one loop and signals after every `per_batch` of them.
//
// Thread: Deliver() on that loop only.
class DeliveryCounter {
 public:
  explicit DeliveryCounter(int64_t per_batch) : per_batch_(per_batch) {}
  void Deliver() {
    if (++delivered_ % per_batch_ == 0) signal_.Signal();
  }
  void WaitFor(uint64_t batches) { signal_.WaitFor(batches); }

 private:
  const int64_t per_batch_;
  int64_t delivered_ = 0;
  BatchSignal signal_;
};

// ---- Wake-up latency: balls passed between two idle loops. ----

// Home Posts `burst` balls to away, all in one loop pass; away Posts one back once the
// last has arrived. Each side is asleep in its ring when the other's Posts arrive: the
// only thing either loop does is wait for the balls. A loop's Posts to another loop go
// out as one IORING_OP_MSG_RING in the submit that ends its pass, so a burst always
// costs exactly one wake-up each way.
struct Rally {
  EventLoop* home = nullptr;
  EventLoop* away = nullptr;
  int64_t burst = 1;
  int64_t round_trips_left = 0;  // home's thread only
  int64_t received = 0;          // away's thread only
  BatchSignal done;
};

void HitAway(Rally* rally);

void HitHome(Rally* rally) {
  if (rally->round_trips_left-- == 0) {
    rally->done.Signal();
    return;
  }
  for (int64_t i = 0; i < rally->burst; ++i) rally->away->Post([rally] { HitAway(rally); });
}

void HitAway(Rally* rally) {
  if (++rally->received % rally->burst == 0) rally->home->Post([rally] { HitHome(rally); });
}

// Plays rallies of kRoundTripsPerBatch round trips with `burst` balls each until the
// benchmark has enough; each round trip counts as `iterations_per_round_trip`.
void RunRallies(benchmark::State& state, int64_t burst, int64_t iterations_per_round_trip) {
  Rally rally;  // before the server: the loops touch it until they stop
  IoServer server;
  if (!StartLoops(2, &server, state)) return;
  rally.home = server.loop(0);
  rally.away = server.loop(1);
  rally.burst = burst;
  uint64_t batches = 0;
  while (state.KeepRunningBatch(kRoundTripsPerBatch * iterations_per_round_trip)) {
    rally.round_trips_left = kRoundTripsPerBatch;  // published to home by Post's lock
    rally.home->Post([r = &rally] { HitHome(r); });
    rally.done.WaitFor(++batches);
  }
}

// Time per iteration is one loop-to-loop round trip: a Post each way, each waking a
// loop blocked in io_uring_enter. One-way wake-up latency is about half of it.
void BM_LoopToLoopRoundTrip(benchmark::State& state) {
  RunRallies(state, /*burst=*/1, /*iterations_per_round_trip=*/1);
}
BENCHMARK(BM_LoopToLoopRoundTrip)->UseRealTime();

// The batch variant: state.range(0) Posts share each wake-up. Time per iteration is one
// of those closures (a round trip costs burst times that); items_processed counts them.
void BM_LoopToLoopBurst(benchmark::State& state) {
  const int64_t burst = state.range(0);
  RunRallies(state, burst, /*iterations_per_round_trip=*/burst);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LoopToLoopBurst)->ArgName("burst")->Arg(16)->Arg(256)->UseRealTime();

// ---- Throughput: producer threads flooding one loop. ----

// Threads without a loop that each post `posts_each` small closures to `loop`, as
// fast as they can, every time ReleaseBatch() is called.
//
// Thread: the constructor, ReleaseBatch() and the destructor on the benchmark thread.
class Producers {
 public:
  Producers(int count, int64_t posts_each, EventLoop* loop, DeliveryCounter* counter)
      : posts_each_(posts_each), loop_(loop), counter_(counter) {
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~Producers() {
    stop_.store(true, std::memory_order_relaxed);
    ReleaseBatch();
    for (auto& thread : threads_) thread.join();
  }
  // REQUIRES: the previous batch has been delivered.
  void ReleaseBatch() {
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
  }

 private:
  void Run() {
    uint64_t seen = 0;
    for (;;) {
      generation_.wait(seen, std::memory_order_acquire);
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_relaxed)) return;
      DeliveryCounter* counter = counter_;
      for (int64_t i = 0; i < posts_each_; ++i) loop_->Post([counter] { counter->Deliver(); });
    }
  }

  const int64_t posts_each_;
  EventLoop* const loop_;
  DeliveryCounter* const counter_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// Time per iteration is one closure posted by one of state.range(0) producers and run
// on the loop; items_processed is closures delivered per second. Wake-ups coalesce
// while the loop is busy (at most one in flight), so this is the mailbox's lock and
// queue cost plus however many wake-ups the scheduling allows.
void BM_PostThroughput(benchmark::State& state) {
  const int producer_count = static_cast<int>(state.range(0));
  const int64_t posts_each = kPostsPerBatch / producer_count;
  DeliveryCounter counter(posts_each * producer_count);  // before the server, as above
  IoServer server;
  if (!StartLoops(1, &server, state)) return;
  Producers producers(producer_count, posts_each, server.loop(0), &counter);
  uint64_t batches = 0;
  while (state.KeepRunningBatch(posts_each * producer_count)) {
    producers.ReleaseBatch();
    counter.WaitFor(++batches);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostThroughput)->ArgName("producers")->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

// The floor under the figures above: Push and TakeAll on one thread, no wake-up, no
// second thread. Time per iteration is one closure queued and run.
void BM_MailboxPushTakeAll(benchmark::State& state) {
  constexpr int64_t kBatch = 64;
  Mailbox mailbox;
  std::vector<std::function<void()>> taken;
  int64_t ran = 0;
  while (state.KeepRunningBatch(kBatch)) {
    for (int64_t i = 0; i < kBatch; ++i) mailbox.Push([&ran] { ++ran; });
    mailbox.AckWake();
    mailbox.TakeAll(&taken);
    for (auto& fn : taken) fn();
    taken.clear();
  }
  benchmark::DoNotOptimize(ran);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MailboxPushTakeAll);

}  // namespace
}  // namespace ringdb::io

BENCHMARK_MAIN();
