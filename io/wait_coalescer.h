// When a loop's wait should collect several completions instead of waking for each.
//
// A loop that keeps up with many pipelining clients runs small passes: under
// redis-benchmark (50 connections, pipeline 16) a pass served about one connection,
// and the send of each reply ran the client's receive path and woke it (perf:
// tcp_sendmsg took ~44% of ringdb's CPU, its wake-ups a third of that). Waiting for a
// few completions, never longer than kMaxCoalesceUs, lets one pass serve several
// connections and one wake-up of the client cover several replies (redis-benchmark
// P16, A/B in bench/RESULTS.md: server CPU per request GET -11%, SET -17%, throughput
// +8-14%, same p50/p99).
//
// That wait is latency, so it is only used while the loop is busy (its thread's CPU
// time at least kBusyOn of wall time over a window) with at least kMinActive
// connections sending pipelines (on average kMinBytesPerRecv or more per receive,
// ~8 small commands): a pipelining client trades latency for throughput already,
// while one that waits for each reply is measured by that wait (open loop at 33k
// GET/s, one request per receive: p50 96-106 -> 128-142 µs when this applied
// there). A lightly loaded loop always wakes at the first completion. It stops
// below kBusyOff: batching itself lowers the CPU it is judged by.
//
// Thread: the owning loop's.
#pragma once

#include <cstdint>

namespace ringdb::io {

class WaitCoalescer {
 public:
  static constexpr int64_t kWindowUs = 2000;
  static constexpr unsigned kMaxCoalesceUs = 20;
  static constexpr unsigned kMinActive = 8;
  static constexpr int64_t kMinBytesPerRecv = 256;
  static constexpr unsigned kMaxExtra = 16;
  // The most completions a wait asks for: far below any ring's CQ size (the kernel
  // refuses a wait for more than it can hold).
  static constexpr unsigned kMaxWaitNr = 256;
  static constexpr int kBusyOnPercent = 70;
  static constexpr int kBusyOffPercent = 45;
  static_assert(kBusyOffPercent < kBusyOnPercent, "hysteresis");
  static_assert(kMaxExtra < kMaxWaitNr);

  struct Wait {
    unsigned nr = 1;           // completions to wait for
    unsigned min_wait_us = 0;  // after this, any completion ends the wait (0: off)
  };

  // What a loop saw in one measuring window.
  struct Window {
    int64_t wall_us = 0;
    int64_t cpu_us = 0;      // the loop thread's CPU time
    unsigned active = 0;     // distinct connections that delivered input
    int64_t recvs = 0;       // receive completions with data
    int64_t recv_bytes = 0;  // their bytes
  };
  void EndWindow(const Window& w);
  // The wait after a pass that submitted `sends` sends (their completions come
  // back at once and must not count toward the batch).
  Wait Next(unsigned sends) const {
    if (extra_ == 0) return {};
    return {sends < kMaxWaitNr - extra_ ? sends + extra_ : kMaxWaitNr, kMaxCoalesceUs};
  }

 private:
  unsigned extra_ = 0;  // further completions to wait for; 0: coalescing is off
};

}  // namespace ringdb::io
