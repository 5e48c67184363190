#include "io/event_loop.h"

#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/event_loop_impl.h"
#include "io/log.h"

namespace ringdb::io {
namespace {

thread_local EventLoop* current_loop = nullptr;

int64_t ClockUs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int64_t NowMs() { return ClockUs(CLOCK_MONOTONIC) / 1000; }

// While stopping, the wait is capped so the drain deadline is noticed.
constexpr int64_t kStopPollMs = 10;

}  // namespace

// ---- EventLoop: the public face; calls from the wrong thread are forwarded. ----

EventLoop* EventLoop::Current() { return current_loop; }
int EventLoop::index() const { return impl_->index(); }
void EventLoop::Post(std::function<void()> fn) { impl_->Post(std::move(fn)); }

void EventLoop::AddPeriodicTimer(uint64_t interval_ms, std::function<void()> fn) {
  if (current_loop != this) {
    Post([this, interval_ms, fn = std::move(fn)]() mutable {
      impl_->AddPeriodicTimer(interval_ms, std::move(fn));
    });
    return;
  }
  impl_->AddPeriodicTimer(interval_ms, std::move(fn));
}

uint64_t EventLoop::AddTimer(uint64_t delay_ms, std::function<void()> fn) {
  return impl_->AddTimer(delay_ms, std::move(fn));
}

void EventLoop::CancelTimer(uint64_t id) { impl_->CancelTimer(id); }

void EventLoop::CloseConnection(uint64_t conn_id) {
  if (current_loop != this) return Post([this, conn_id] { impl_->CloseConnection(conn_id); });
  impl_->CloseConnection(conn_id);
}

void EventLoop::SetReadPaused(uint64_t conn_id, bool paused) {
  if (current_loop != this) {
    return Post([this, conn_id, paused] { impl_->SetReadPaused(conn_id, paused); });
  }
  impl_->SetReadPaused(conn_id, paused);
}

void EventLoop::FlushConnection(uint64_t conn_id) {
  if (current_loop != this) return Post([this, conn_id] { impl_->FlushConnection(conn_id); });
  impl_->FlushConnection(conn_id);
}

// ---- EventLoopImpl: setup and teardown. ----

EventLoopImpl::EventLoopImpl(int index, ServerShared* shared, unsigned ring_entries,
                             std::vector<int> listen_fds, std::vector<std::string> listen_names)
    : api_(this), index_(index), shared_(shared), ring_entries_(ring_entries) {
  for (size_t i = 0; i < listen_fds.size(); ++i) {
    auto listener = std::make_unique<Listener>();
    listener->fd = listen_fds[i];
    listener->name = listen_names[i];
    listeners_.push_back(std::move(listener));
  }
}

EventLoopImpl::~EventLoopImpl() { ReleaseAfterJoin(); }

bool EventLoopImpl::Init(std::string* error) {
  std::string why;
  if (!ring_.Init(ring_entries_, /*single_issuer=*/true, &why) ||
      !buffers_.Init(ring_.raw(), 0, kRecvBufferCount, kRecvBufferBytes, &why)) {
    *error = "I/O thread " + std::to_string(index_) + ": " + why;
    return false;
  }
  // Blocking on purpose: io_uring answers -EAGAIN for an O_NONBLOCK file instead of
  // waiting, and a write only blocks if the 64-bit counter is about to overflow.
  eventfd_ = eventfd(0, EFD_CLOEXEC);
  if (eventfd_ < 0) {
    *error = std::string("eventfd failed (") + strerror(errno) + ")";
    return false;
  }
  ArmEventfdRead();
  return true;
}

void EventLoopImpl::ReleaseAfterJoin() {
  // Destroying the ring first guarantees no completion can touch what follows.
  ring_.Destroy();
  buffers_.Release();
  for (auto& [id, conn] : conns_) zombies_.push_back(conn);
  conns_.clear();
  for (Connection* conn : zombies_) {
    if (conn->info.fd >= 0) close(conn->info.fd);
    delete conn;
  }
  zombies_.clear();
  for (auto& listener : listeners_) {
    if (!listener->closed && listener->fd >= 0) close(listener->fd);
    listener->closed = true;
  }
  factory_.reset();
  if (eventfd_ >= 0) close(eventfd_);
  eventfd_ = -1;
}

// ---- The loop. ----

void EventLoopImpl::Run(
    const std::function<std::unique_ptr<HandlerFactory>(EventLoop&)>& make_factory) {
  current_loop = &api_;
  factory_ = make_factory(api_);
  for (;;) {
    ReapCompletions();
    RunMailbox();
    int64_t now = NowMs();
    RunDueTimers(now);
    ArmListeners(now);
    FlushActive();
    SweepZombies();
    if (stopping_ && (Drained() || NowMs() >= stop_deadline_ms_)) break;
    Wait();
  }
  ring_.Submit();
  // Handlers and the factory die on their own thread when nothing is left in
  // flight; otherwise ReleaseAfterJoin frees them after the ring is gone.
  if (zombies_.empty()) factory_.reset();
  current_loop = nullptr;
}

void EventLoopImpl::ReapCompletions() {
  unsigned head;
  unsigned seen = 0;
  io_uring_cqe* cqe;
  io_uring_for_each_cqe(ring_.raw(), head, cqe) {
    if (cqe->user_data != LIBURING_UDATA_TIMEOUT) Dispatch(cqe);
    if (++seen == kMaxCqesPerTurn) break;
  }
  io_uring_cq_advance(ring_.raw(), seen);
}

void EventLoopImpl::Dispatch(const io_uring_cqe* cqe) {
  void* ptr = reinterpret_cast<void*>(cqe->user_data & ~kTagMask);
  switch (static_cast<Tag>(cqe->user_data & kTagMask)) {
    case kAccept:
      OnAccept(static_cast<Listener*>(ptr), cqe);
      break;
    case kRecv:
      OnRecv(static_cast<Connection*>(ptr), cqe);
      break;
    case kSend:
      OnSend(static_cast<Connection*>(ptr), cqe);
      break;
    case kWake:
      mailbox_.AckWake();  // RunMailbox follows in this pass
      break;
    case kEventfd:
      OnEventfdRead(cqe);
      break;
    case kMsgSent:
      // Our MSG_RING to another loop failed: that kernel lacks it, use eventfds.
      if (cqe->res < 0) {
        if (cqe->res == -EINVAL || cqe->res == -EOPNOTSUPP) shared_->use_eventfd = true;
        static_cast<EventLoopImpl*>(ptr)->WakeThroughEventfd();
      }
      break;
    case kIgnore:
    default:
      break;
  }
}

void EventLoopImpl::Wait() {
  const WaitCoalescer::Wait wait = NextWait();
  if (io_uring_cq_ready(ring_.raw()) > 0 || !active_.empty() || !mailbox_.empty()) {
    ring_.Submit();  // more work is already here: do not sleep
    return;
  }
  int64_t deadline = NextDeadlineMs();
  if (stopping_) deadline = std::min(deadline < 0 ? INT64_MAX : deadline, NowMs() + kStopPollMs);
  ring_.SubmitAndWait(deadline < 0 ? -1 : std::max<int64_t>(0, deadline - NowMs()), wait.nr,
                      wait.min_wait_us);
}

WaitCoalescer::Wait EventLoopImpl::NextWait() {
  const unsigned sends = pass_sends_;
  pass_sends_ = 0;
  if (!ring_.has_min_wait()) return {};
  const int64_t now_us = ClockUs(CLOCK_MONOTONIC);
  if (now_us - window_start_us_ >= WaitCoalescer::kWindowUs) {
    const int64_t cpu_us = ClockUs(CLOCK_THREAD_CPUTIME_ID);
    window_.wall_us = now_us - window_start_us_;
    window_.cpu_us = cpu_us - window_start_cpu_us_;
    coalescer_.EndWindow(window_);
    window_ = {};
    window_start_us_ = now_us;
    window_start_cpu_us_ = cpu_us;
    ++window_id_;
  }
  return coalescer_.Next(sends);
}

// The earliest timer or listener retry, or -1 for none (sleep until an event).
int64_t EventLoopImpl::NextDeadlineMs() {
  int64_t deadline = -1;
  auto consider = [&deadline](int64_t at) {
    if (deadline < 0 || at < deadline) deadline = at;
  };
  for (const auto& timer : timers_) consider(timer->next_ms);
  if (!oneshots_.empty()) consider(oneshots_.begin()->first.first);
  for (const auto& listener : listeners_) {
    if (!listener->armed && !listener->closed && !stopping_) consider(listener->retry_at_ms);
  }
  return deadline;
}

// ---- Mailbox and wake-ups. ----

void EventLoopImpl::Post(std::function<void()> fn) {
  if (!mailbox_.Push(std::move(fn))) return;  // a wake-up is already on its way
  if (current_loop == &api_) return;            // this loop drains before it sleeps
  Wake();
}

void EventLoopImpl::Wake() {
  const uint64_t wake_data = Encode(nullptr, kWake);
  if (shared_->use_eventfd.load(std::memory_order_relaxed)) return WakeThroughEventfd();
  EventLoop* sender = current_loop;
  if (sender != nullptr) {
    // From another loop: its own ring carries the MSG_RING, submitted at the end
    // of its current pass; a failure comes back to it as a kMsgSent completion.
    EventLoopImpl* from = sender->impl();
    io_uring_sqe* sqe = from->ring_.GetSqe();
    io_uring_prep_msg_ring(sqe, ring_.fd(), 0, wake_data, 0);
    io_uring_sqe_set_data64(sqe, Encode(this, kMsgSent));
    return;
  }
  int ret = shared_->wake_sender.Send(ring_.fd(), wake_data);
  if (ret < 0) {
    if (ret == -EINVAL || ret == -EOPNOTSUPP) shared_->use_eventfd = true;
    WakeThroughEventfd();
  }
}

void EventLoopImpl::WakeThroughEventfd() {
  uint64_t one = 1;
  ssize_t ignored = write(eventfd_, &one, sizeof(one));
  (void)ignored;  // EAGAIN means the counter is already non-zero: still a wake-up
}

void EventLoopImpl::ArmEventfdRead() {
  io_uring_sqe* sqe = ring_.GetSqe();
  io_uring_prep_read(sqe, eventfd_, &eventfd_value_, sizeof(eventfd_value_), 0);
  io_uring_sqe_set_data64(sqe, Encode(nullptr, kEventfd));
  eventfd_armed_ = true;
}

void EventLoopImpl::OnEventfdRead(const io_uring_cqe* cqe) {
  eventfd_armed_ = false;
  mailbox_.AckWake();
  if (!stopping_ && cqe->res != -ECANCELED) ArmEventfdRead();
}

void EventLoopImpl::RunMailbox() {
  mail_batch_.clear();
  mailbox_.TakeAll(&mail_batch_);
  for (auto& fn : mail_batch_) fn();
  mail_batch_.clear();
}

// ---- Timers and per-connection requests. ----

void EventLoopImpl::AddPeriodicTimer(uint64_t interval_ms, std::function<void()> fn) {
  auto timer = std::make_unique<Timer>();
  timer->interval_ms = std::max<uint64_t>(interval_ms, 1);
  timer->next_ms = NowMs() + static_cast<int64_t>(timer->interval_ms);
  timer->fn = std::move(fn);
  timers_.push_back(std::move(timer));
}

uint64_t EventLoopImpl::AddTimer(uint64_t delay_ms, std::function<void()> fn) {
  const uint64_t id = next_timer_id_++;
  const int64_t due = NowMs() + static_cast<int64_t>(delay_ms);
  oneshots_.emplace(std::make_pair(due, id), std::move(fn));
  oneshot_due_.emplace(id, due);
  return id;
}

void EventLoopImpl::CancelTimer(uint64_t id) {
  auto it = oneshot_due_.find(id);
  if (it == oneshot_due_.end()) return;
  oneshots_.erase({it->second, id});
  oneshot_due_.erase(it);
}

void EventLoopImpl::RunDueTimers(int64_t now_ms) {
  if (stopping_) return;
  // One at a time from the front: a callback may add or cancel one-shot timers.
  while (!oneshots_.empty() && oneshots_.begin()->first.first <= now_ms) {
    auto node = oneshots_.extract(oneshots_.begin());
    oneshot_due_.erase(node.key().second);
    node.mapped()();
  }
  // Index loop: a callback may add timers (the vector holds pointers, so the
  // running Timer itself never moves).
  for (size_t i = 0; i < timers_.size(); ++i) {
    Timer* timer = timers_[i].get();
    if (timer->next_ms > now_ms) continue;
    // Skip missed ticks rather than firing a burst after a long stall.
    timer->next_ms = std::max(timer->next_ms + static_cast<int64_t>(timer->interval_ms),
                              now_ms + 1);
    timer->fn();
  }
}

Connection* EventLoopImpl::Find(uint64_t conn_id) {
  auto it = conns_.find(conn_id);
  return it == conns_.end() ? nullptr : it->second;
}

void EventLoopImpl::CloseConnection(uint64_t conn_id) {
  if (Connection* conn = Find(conn_id)) {
    conn->close_requested = true;  // closed in the flush, never under a handler call
    MarkActive(conn);
  }
}

void EventLoopImpl::SetReadPaused(uint64_t conn_id, bool paused) {
  if (Connection* conn = Find(conn_id)) {
    conn->read_paused = paused;
    MarkActive(conn);
  }
}

void EventLoopImpl::FlushConnection(uint64_t conn_id) {
  if (Connection* conn = Find(conn_id)) MarkActive(conn);
}

// ---- Stopping. ----

void EventLoopImpl::RequestStop() {
  Post([this] { BeginStop(); });
}

void EventLoopImpl::BeginStop() {
  if (stopping_) return;
  stopping_ = true;
  stop_deadline_ms_ = NowMs() + kStopDrainTimeoutMs;
  for (auto& listener : listeners_) {
    if (listener->closed) continue;
    if (listener->armed) {
      io_uring_sqe* sqe = ring_.GetSqe();
      io_uring_prep_cancel64(sqe, Encode(listener.get(), kAccept), 0);
      io_uring_sqe_set_data64(sqe, Encode(nullptr, kIgnore));
    } else {
      close(listener->fd);
      listener->closed = true;
    }
  }
  std::vector<Connection*> open;
  for (auto& [id, conn] : conns_) open.push_back(conn);
  for (Connection* conn : open) CloseConn(conn);
  if (eventfd_armed_) {
    io_uring_sqe* sqe = ring_.GetSqe();
    io_uring_prep_cancel64(sqe, Encode(nullptr, kEventfd), 0);
    io_uring_sqe_set_data64(sqe, Encode(nullptr, kIgnore));
  }
}

bool EventLoopImpl::Drained() const {
  for (const auto& listener : listeners_) {
    if (!listener->closed) return false;
  }
  return conns_.empty() && zombies_.empty() && !eventfd_armed_;
}

}  // namespace ringdb::io
