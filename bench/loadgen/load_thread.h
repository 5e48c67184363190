// One load thread: its own io_uring, its own connections, its own histogram. Each pass
// of its loop issues requests (closed loop: refill every connection to the pipeline
// depth; open loop: whatever the timetable says is due), queues at most one send per
// connection, submits once, waits, and reaps every completion in a batch. Receives are
// multishot into a provided-buffer ring; each buffer is scanned in place and returned
// at once. Requests are template copies with the key patched in: nothing on the hot
// path allocates.
//
// Thread: Connect() and Run() run on the load thread itself (the ring is
// single-issuer); live_replies() may be read from any thread; result() after join.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/histogram.h"
#include "bench/loadgen/key_generator.h"
#include "bench/loadgen/rate_schedule.h"
#include "bench/loadgen/reply_scanner.h"
#include "bench/loadgen/target.h"
#include "bench/loadgen/workload.h"
#include "io/buffer_ring.h"
#include "io/ring.h"

namespace ringdb::loadgen {

struct ThreadPlan {
  int connections = 1;
  int pipeline = 1;            // in flight per connection (open loop: at most)
  uint64_t request_quota = 0;  // replies to wait for; 0: no limit
  double rate = 0;             // this thread's requests/s; 0: closed loop
  int64_t phase_ns = 0;        // open loop: offset of this thread's timetable
  bool resp3 = false;
  uint64_t seed = 1;
};

struct ThreadResult {
  Histogram latency;
  uint64_t sent = 0;
  uint64_t replies = 0;  // errors included, pushes not
  uint64_t errors = 0;
  uint64_t pushes = 0;
  std::vector<uint64_t> replies_per_second;
  int64_t stop_ns = 0;  // when the loop ended (CLOCK_MONOTONIC)
  std::string error;    // why the run ended early; empty when it did not
};

class LoadThread {
 public:
  LoadThread(const Workload& workload, const Target& target, const ThreadPlan& plan);
  ~LoadThread();
  LoadThread(const LoadThread&) = delete;
  LoadThread& operator=(const LoadThread&) = delete;

  // Opens the connections with blocking sockets (and negotiates RESP3). Returns false
  // with result().error set.
  bool Connect();
  // Runs the loop from start_ns until end_ns (CLOCK_MONOTONIC) or the quota is met.
  void Run(int64_t start_ns, int64_t end_ns);

  uint64_t live_replies() const { return live_replies_.load(std::memory_order_relaxed); }
  const ThreadResult& result() const { return result_; }

 private:
  struct Connection;

  bool SetUpRing();
  void ArmReceive(uint32_t index);
  void QueueSend(uint32_t index);
  void IssueOne(Connection& conn, int64_t stamp_ns);
  void IssueClosedLoop(int64_t now_ns);
  void IssueOpenLoop(int64_t now_ns);
  void FlushDirty();
  void MarkDirty(uint32_t index);
  bool OnReceive(uint32_t index, int res, uint32_t flags, int64_t now_ns);
  bool OnSend(uint32_t index, int res);
  bool ReapCompletions(int64_t now_ns);
  void WaitForCompletions(int64_t now_ns, int64_t end_ns);
  bool QuotaIssued() const;
  bool Fail(std::string message);

  const Workload& workload_;
  const Target target_;
  const ThreadPlan plan_;
  KeyGenerator keys_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<uint32_t> dirty_;           // connections to refill, flush or re-arm this pass
  std::optional<RateSchedule> schedule_;  // open loop only
  uint64_t scheduled_ = 0;                // timetable entries issued so far
  uint32_t open_loop_cursor_ = 0;
  int64_t start_ns_ = 0;
  io::Ring ring_;
  io::BufferRing buffers_;
  ThreadResult result_;
  alignas(64) std::atomic<uint64_t> live_replies_{0};
};

}  // namespace ringdb::loadgen
