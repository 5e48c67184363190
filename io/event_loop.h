// One I/O thread: its io_uring ring, its listeners' accepts, its connections, its
// timers and its mailbox. A connection never changes loop.
//
// Thread: every method except Post() runs on the loop's own thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace ringdb::io {

class EventLoopImpl;

class EventLoop {
 public:
  // The loop running on the calling thread, or nullptr off the I/O threads.
  static EventLoop* Current();

  int index() const;  // 0..threads-1

  // Runs `fn` on this loop's thread soon. Thread-safe: the cross-thread mailbox,
  // woken through the ring (IORING_OP_MSG_RING), never a lock on the data path.
  void Post(std::function<void()> fn);

  // Calls `fn` every `interval_ms` on this loop's thread until the loop stops.
  void AddPeriodicTimer(uint64_t interval_ms, std::function<void()> fn);

  // Calls `fn` once on this loop's thread, `delay_ms` from now, unless cancelled first
  // (a blocked command's timeout). Returns the id CancelTimer takes. Loop thread only.
  uint64_t AddTimer(uint64_t delay_ms, std::function<void()> fn);
  // Cancels a timer that has not fired yet; a no-op otherwise. Loop thread only.
  void CancelTimer(uint64_t id);

  // Closes the connection (as if the peer had closed) after flushing nothing more.
  // No-op if it is not on this loop.
  void CloseConnection(uint64_t conn_id);

  // Stops / resumes handing a connection's input to its handler (CLIENT PAUSE, blocked
  // commands). A paused connection still receives, up to kMaxBufferedInputBytes, so a
  // peer that hangs up is closed as usual; resuming feeds what was buffered.
  void SetReadPaused(uint64_t conn_id, bool paused);

  // Asks the loop to send whatever the handler appended to the connection's output
  // outside OnInput (e.g. a reply produced for a client woken by another thread).
  void FlushConnection(uint64_t conn_id);

  EventLoopImpl* impl() { return impl_; }

 private:
  friend class EventLoopImpl;
  explicit EventLoop(EventLoopImpl* impl) : impl_(impl) {}
  EventLoopImpl* impl_;
};

}  // namespace ringdb::io
