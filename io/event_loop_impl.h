// The machinery behind EventLoop: one ring, its listeners, connections, timers and
// mailbox, run by one thread.
//
// Thread: Post() and RequestStop() from any thread; Init(), Run() and every other
// method on the loop's own thread; ReleaseAfterJoin() after that thread has ended.
//
// A loop pass: reap up to kMaxCqesPerTurn completions (receives feed handlers
// directly from the provided buffers), run the mailbox and due timers, then flush:
// for every connection touched in the pass, feed buffered input, call OnIdleCheck,
// start one send, re-arm or cancel its receive, or close it. All of those SQEs go to
// the kernel in the one submit that also waits for the next completion or timer.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/buffer_ring.h"
#include "io/connection.h"
#include "io/connection_handler.h"
#include "io/event_loop.h"
#include "io/mailbox.h"
#include "io/ring.h"
#include "io/wait_coalescer.h"

namespace ringdb::io {

// Completions reaped before the loop runs its mailbox, timers and flush.
inline constexpr unsigned kMaxCqesPerTurn = 256;
// How long Stop() waits for a loop's connections' last completions before exiting.
inline constexpr int64_t kStopDrainTimeoutMs = 2000;
// After a failed accept (EMFILE...), the listener is re-armed this much later.
inline constexpr int64_t kAcceptRetryMs = 100;
static_assert(kMaxCqesPerTurn <= kRecvBufferCount, "a turn cannot hold more buffers than exist");

// State every loop of one IoServer shares.
struct ServerShared {
  WakeSender wake_sender;  // wakes loops from threads without a ring
  // Set once MSG_RING is found missing: wake-ups go through each loop's eventfd.
  std::atomic<bool> use_eventfd{false};
  int tcp_keepalive_s = 0;
};

class EventLoopImpl {
 public:
  EventLoopImpl(int index, ServerShared* shared, unsigned ring_entries,
                std::vector<int> listen_fds, std::vector<std::string> listen_names);
  ~EventLoopImpl();
  EventLoopImpl(const EventLoopImpl&) = delete;
  EventLoopImpl& operator=(const EventLoopImpl&) = delete;

  EventLoop* api() { return &api_; }
  int index() const { return index_; }

  // Creates the ring, the receive buffers and the wake-up eventfd.
  bool Init(std::string* error);
  // REQUIRES: Init() succeeded. Makes this the thread's current loop, builds its
  // handler factory with make_factory, then serves until a stop has been carried out.
  void Run(const std::function<std::unique_ptr<HandlerFactory>(EventLoop&)>& make_factory);
  // Frees the ring and whatever is left. REQUIRES: the loop thread has ended.
  void ReleaseAfterJoin();

  void Post(std::function<void()> fn);
  void RequestStop();
  void AddPeriodicTimer(uint64_t interval_ms, std::function<void()> fn);
  uint64_t AddTimer(uint64_t delay_ms, std::function<void()> fn);
  void CancelTimer(uint64_t id);
  void CloseConnection(uint64_t conn_id);
  void SetReadPaused(uint64_t conn_id, bool paused);
  void FlushConnection(uint64_t conn_id);

 private:
  enum Tag : uint64_t { kIgnore = 0, kAccept, kRecv, kSend, kWake, kEventfd, kMsgSent };
  static constexpr uint64_t kTagMask = 7;

  struct Listener {
    int fd = -1;
    std::string name;
    bool armed = false;
    bool closed = false;
    int64_t retry_at_ms = 0;
  };
  struct Timer {
    uint64_t interval_ms;
    int64_t next_ms;
    std::function<void()> fn;
  };

  static uint64_t Encode(const void* ptr, Tag tag) {
    return reinterpret_cast<uintptr_t>(ptr) | tag;
  }

  // event_loop.cc: the pass, mailbox, timers, stop.
  void ReapCompletions();
  void Dispatch(const io_uring_cqe* cqe);
  void RunMailbox();
  void RunDueTimers(int64_t now_ms);
  void Wait();
  int64_t NextDeadlineMs();
  void Wake();
  void WakeThroughEventfd();
  void ArmEventfdRead();
  void OnEventfdRead(const io_uring_cqe* cqe);
  void BeginStop();
  bool Drained() const;
  Connection* Find(uint64_t conn_id);

  // connection.cc: listeners and connections.
  void ArmListeners(int64_t now_ms);
  void OnAccept(Listener* listener, const io_uring_cqe* cqe);
  void Accepted(int fd);
  void OnRecv(Connection* conn, const io_uring_cqe* cqe);
  void TakeInput(Connection* conn, const char* data, size_t len);
  size_t Feed(Connection* conn, std::string_view input);
  void FeedBuffered(Connection* conn);
  bool CanFeed(const Connection* conn) const;
  void OnSend(Connection* conn, const io_uring_cqe* cqe);
  void MarkActive(Connection* conn);
  void FlushActive();
  void FlushOne(Connection* conn);
  void StartSend(Connection* conn);
  void UpdateRecv(Connection* conn);
  void CloseConn(Connection* conn);
  void SweepZombies();
  // Ends the load window when due; returns the wait for this pass.
  WaitCoalescer::Wait NextWait();

  EventLoop api_;
  const int index_;
  ServerShared* const shared_;
  const unsigned ring_entries_;
  Ring ring_;
  BufferRing buffers_;
  std::unique_ptr<HandlerFactory> factory_;
  std::vector<std::unique_ptr<Listener>> listeners_;

  std::unordered_map<uint64_t, Connection*> conns_;  // open connections, owned
  std::vector<Connection*> zombies_;  // closed, owned until their last completion
  std::vector<Connection*> active_;   // touched this pass; flushed at its end

  std::vector<std::unique_ptr<Timer>> timers_;
  // One-shot timers by (due time, id), and each id's due time for CancelTimer.
  std::map<std::pair<int64_t, uint64_t>, std::function<void()>> oneshots_;
  std::unordered_map<uint64_t, int64_t> oneshot_due_;
  uint64_t next_timer_id_ = 1;
  Mailbox mailbox_;
  std::vector<std::function<void()>> mail_batch_;
  int eventfd_ = -1;
  uint64_t eventfd_value_ = 0;  // target of the in-flight eventfd read
  bool eventfd_armed_ = false;

  bool stopping_ = false;
  int64_t stop_deadline_ms_ = 0;

  // Load measured for WaitCoalescer over windows of kWindowUs.
  WaitCoalescer coalescer_;
  WaitCoalescer::Window window_;  // input counts of the window so far
  int64_t window_start_us_ = 0;
  int64_t window_start_cpu_us_ = 0;
  uint32_t window_id_ = 1;
  unsigned pass_sends_ = 0;  // sends submitted this pass
};

}  // namespace ringdb::io
