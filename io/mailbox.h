// The cross-thread inbox of one event loop, and the small ring non-I/O threads use
// to wake a loop.
//
// Thread: Push() from any thread; TakeAll() on the owning loop's thread.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "io/ring.h"

namespace ringdb::io {

class Mailbox {
 public:
  // Queues fn. Returns true if the caller must wake the loop: wake-ups are
  // coalesced, at most one in flight until the loop calls AckWake().
  bool Push(std::function<void()> fn);
  // The loop got a wake-up: later pushes must wake it again. Call before TakeAll.
  void AckWake() { wake_pending_.store(false, std::memory_order_seq_cst); }
  // Moves everything queued into *out (empty on entry), oldest first.
  void TakeAll(std::vector<std::function<void()>>* out);
  bool empty();

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> queue_;
  std::atomic<bool> wake_pending_{false};
};

// A ring not tied to any thread, for sending IORING_OP_MSG_RING wake-ups from
// threads that have no loop (e.g. the main thread calling Stop()).
//
// Thread: any; calls are serialized by an internal mutex.
class WakeSender {
 public:
  bool Init(std::string* error);
  // Posts a wake-up CQE carrying user_data to the ring behind target_ring_fd and
  // returns the result (0 or -errno, e.g. -EINVAL where MSG_RING is missing).
  int Send(int target_ring_fd, uint64_t user_data);

 private:
  std::mutex mutex_;
  Ring ring_;
};

}  // namespace ringdb::io
