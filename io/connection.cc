// EventLoopImpl's listeners and connections: accept, receive, feed, send, close.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "io/event_loop_impl.h"
#include "io/listener.h"
#include "io/log.h"

namespace ringdb::io {
namespace {

// ConnectionInfo::id: unique for the process lifetime, across servers, from 1.
std::atomic<uint64_t> next_connection_id{1};

}  // namespace

// ---- Listeners. ----

void EventLoopImpl::ArmListeners(int64_t now_ms) {
  if (stopping_) return;
  for (auto& listener : listeners_) {
    if (listener->armed || listener->closed || listener->retry_at_ms > now_ms) continue;
    io_uring_sqe* sqe = ring_.GetSqe();
    io_uring_prep_multishot_accept(sqe, listener->fd, nullptr, nullptr, SOCK_CLOEXEC);
    io_uring_sqe_set_data64(sqe, Encode(listener.get(), kAccept));
    listener->armed = true;
  }
}

void EventLoopImpl::OnAccept(Listener* listener, const io_uring_cqe* cqe) {
  if (!(cqe->flags & IORING_CQE_F_MORE)) listener->armed = false;  // re-armed by ArmListeners
  if (cqe->res >= 0) {
    if (stopping_) {
      close(cqe->res);
    } else {
      Accepted(cqe->res);
    }
  } else if (cqe->res != -ECANCELED) {
    // EMFILE and friends would fail again at once: retry a little later.
    static std::atomic<bool> logged{false};
    if (!logged.exchange(true)) {
      LogWarning("Accepting client connection on " + listener->name + ": " +
                 strerror(-cqe->res));
    }
    if (!listener->armed) {
      timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      listener->retry_at_ms = ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + kAcceptRetryMs;
    }
  }
  if (stopping_ && !listener->armed && !listener->closed) {
    close(listener->fd);
    listener->closed = true;
  }
}

void EventLoopImpl::Accepted(int fd) {
  ConfigureAcceptedSocket(fd, shared_->tcp_keepalive_s);
  auto* conn = new Connection;
  conn->info.id = next_connection_id.fetch_add(1, std::memory_order_relaxed);
  conn->info.fd = fd;
  conn->info.loop = &api_;
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    conn->info.peer = FormatSocketAddress(reinterpret_cast<sockaddr*>(&addr));
  }
  len = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    conn->info.local = FormatSocketAddress(reinterpret_cast<sockaddr*>(&addr));
  }
  std::string refusal;
  if (factory_) conn->handler = factory_->Create(conn->info, &refusal);
  if (!conn->handler) {
    // Refused: send the factory's last word, then close; nothing is read.
    conn->output = std::move(refusal);
    conn->close_after_write = true;
  }
  conns_[conn->info.id] = conn;
  MarkActive(conn);  // the flush arms the receive or sends the refusal
}

// ---- Receiving and feeding the handler. ----

void EventLoopImpl::OnRecv(Connection* conn, const io_uring_cqe* cqe) {
  if (cqe->flags & IORING_CQE_F_BUFFER) {
    const uint16_t id = static_cast<uint16_t>(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
    if (cqe->res > 0 && !conn->closing) {
      TakeInput(conn, buffers_.buffer(id), cqe->res);
      ++window_.recvs;
      window_.recv_bytes += cqe->res;
      if (conn->load_window != window_id_) {
        conn->load_window = window_id_;
        ++window_.active;
      }
    }
    buffers_.Return(id);  // promptly: every other connection of the loop shares them
  }
  if (!(cqe->flags & IORING_CQE_F_MORE)) {
    conn->recv_armed = false;
    conn->recv_cancel_sent = false;
    --conn->ops_in_flight;
  }
  if (conn->closing) return;
  // -ENOBUFS: every buffer sat in unreaped completions; they are back now and
  // the flush re-arms. -ECANCELED: we asked for it (pause, back-pressure).
  if (cqe->res == 0 || (cqe->res < 0 && cqe->res != -ENOBUFS && cqe->res != -ECANCELED)) {
    CloseConn(conn);
    return;
  }
  MarkActive(conn);
}

bool EventLoopImpl::CanFeed(const Connection* conn) const {
  return conn->handler && !conn->closing && !conn->close_after_write && !conn->close_requested &&
         !conn->read_paused && conn->unsent_output() <= kMaxPendingOutputBytes;
}

void EventLoopImpl::TakeInput(Connection* conn, const char* data, size_t len) {
  const bool had_buffered = conn->buffered_input() > 0;
  size_t used = 0;
  if (!had_buffered) {
    // Zero copy: the handler parses straight out of the provided buffer; only an
    // unconsumed tail (a partial request, or back-pressure) is copied.
    conn->input.clear();
    conn->input_pos = 0;
    used = Feed(conn, std::string_view(data, len));
    if (used == len) return;
  }
  // Compact before growing, so a slowly consumed buffer does not creep forward.
  if (conn->input_pos > 0 && conn->input_pos >= conn->input.size() / 2) {
    conn->input.erase(0, conn->input_pos);
    conn->input_pos = 0;
  }
  conn->input.append(data + used, len - used);
  // Older bytes were waiting for these (or for output to drain): try again.
  if (had_buffered) FeedBuffered(conn);
}

// Hands `input` to the handler as long as it consumes and may be fed; returns
// the bytes consumed. The handler sees slices of kFeedSliceBytes, so that the
// output check between calls bounds how much one call can produce; a request
// larger than a slice gets a slice twice as large until it fits.
size_t EventLoopImpl::Feed(Connection* conn, std::string_view input) {
  size_t total = 0;
  size_t slice = kFeedSliceBytes;
  while (total < input.size() && CanFeed(conn)) {
    const size_t remaining = input.size() - total;
    const size_t offered = std::min(slice, remaining);
    HandlerVerdict verdict = HandlerVerdict::kContinue;
    size_t used =
        conn->handler->OnInput(input.substr(total, offered), &conn->output, &verdict);
    total += std::min(used, offered);
    if (verdict == HandlerVerdict::kCloseAfterWrite) conn->close_after_write = true;
    if (used > 0) {
      slice = kFeedSliceBytes;
    } else if (offered < remaining) {
      slice *= 2;  // the next request is larger than the slice
    } else {
      break;  // a partial request: wait for more bytes
    }
  }
  return total;
}

void EventLoopImpl::FeedBuffered(Connection* conn) {
  if (conn->buffered_input() == 0 || !CanFeed(conn)) return;
  conn->input_pos += Feed(conn, conn->pending_input());
  if (conn->buffered_input() == 0) {
    conn->input_pos = 0;
    conn->input.clear();
    if (conn->input.capacity() > kRetainedBufferBytes) std::string().swap(conn->input);
  }
}

// ---- Sending. ----

void EventLoopImpl::StartSend(Connection* conn) {
  if (conn->sending_pos == conn->sending.size()) {
    // Swap buffers: the handler keeps appending to `output` (same object) while
    // the kernel reads `sending`.
    conn->sending.clear();
    conn->sending_pos = 0;
    conn->sending.swap(conn->output);
  }
  io_uring_sqe* sqe = ring_.GetSqe();
  io_uring_prep_send(sqe, conn->info.fd, conn->sending.data() + conn->sending_pos,
                     conn->sending.size() - conn->sending_pos, MSG_NOSIGNAL);
  io_uring_sqe_set_data64(sqe, Encode(conn, kSend));
  conn->send_in_flight = true;
  ++pass_sends_;
  ++conn->ops_in_flight;
}

void EventLoopImpl::OnSend(Connection* conn, const io_uring_cqe* cqe) {
  conn->send_in_flight = false;
  --conn->ops_in_flight;
  if (conn->closing) return;
  if (cqe->res < 0) {  // EPIPE, ECONNRESET: the peer is gone
    CloseConn(conn);
    return;
  }
  conn->sending_pos += cqe->res;  // a partial send resumes from here in the flush
  if (conn->sending_pos == conn->sending.size()) {
    conn->sending.clear();
    conn->sending_pos = 0;
    if (conn->sending.capacity() > kRetainedBufferBytes) std::string().swap(conn->sending);
  }
  MarkActive(conn);
}

// ---- The end-of-pass flush. ----

void EventLoopImpl::MarkActive(Connection* conn) {
  if (conn->active || conn->closing) return;
  conn->active = true;
  active_.push_back(conn);
}

void EventLoopImpl::FlushActive() {
  // Index loop: OnIdleCheck may mark further connections active.
  for (size_t i = 0; i < active_.size(); ++i) {
    Connection* conn = active_[i];
    conn->active = false;
    if (!conn->closing) FlushOne(conn);
  }
  active_.clear();
}

void EventLoopImpl::FlushOne(Connection* conn) {
  if (conn->close_requested) {
    CloseConn(conn);
    return;
  }
  FeedBuffered(conn);  // output may have drained since the input arrived
  if (conn->handler && !conn->close_after_write) conn->handler->OnIdleCheck(&conn->output);
  if (!conn->send_in_flight && conn->unsent_output() > 0) StartSend(conn);
  if (conn->close_after_write && !conn->send_in_flight) {
    CloseConn(conn);
    return;
  }
  UpdateRecv(conn);
  if (conn->handler) conn->handler->OnBufferSizes(conn->buffer_sizes());
}

void EventLoopImpl::UpdateRecv(Connection* conn) {
  // Input is held back only while output is blocked or reading is paused; then a
  // full input buffer stops the receive. Until then a paused connection keeps
  // receiving, so that a peer who hangs up is noticed (a blocked BLPOP must not stay
  // registered for a client that is gone). A handler that cannot consume a huge
  // request while output flows enforces its own query-buffer limit.
  const bool held = conn->unsent_output() > kMaxPendingOutputBytes || conn->read_paused;
  const bool blocked = held && conn->buffered_input() >= kMaxBufferedInputBytes;
  const bool want = conn->handler && !conn->close_after_write && !blocked;
  if (want && !conn->recv_armed) {
    io_uring_sqe* sqe = ring_.GetSqe();
    io_uring_prep_recv_multishot(sqe, conn->info.fd, nullptr, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = buffers_.group_id();
    io_uring_sqe_set_data64(sqe, Encode(conn, kRecv));
    conn->recv_armed = true;
    ++conn->ops_in_flight;
  } else if (!want && conn->recv_armed && !conn->recv_cancel_sent) {
    io_uring_sqe* sqe = ring_.GetSqe();
    io_uring_prep_cancel64(sqe, Encode(conn, kRecv), 0);
    io_uring_sqe_set_data64(sqe, Encode(nullptr, kIgnore));
    conn->recv_cancel_sent = true;
  }
}

// ---- Closing. ----

void EventLoopImpl::CloseConn(Connection* conn) {
  if (conn->closing) return;
  conn->closing = true;
  conns_.erase(conn->info.id);
  if (conn->handler) conn->handler->OnClose();
  if (conn->ops_in_flight > 0) {
    // Both together: shutdown completes a send stuck on a full socket buffer,
    // the cancel ends the multishot receive.
    shutdown(conn->info.fd, SHUT_RDWR);
    io_uring_sqe* sqe = ring_.GetSqe();
    io_uring_prep_cancel_fd(sqe, conn->info.fd, IORING_ASYNC_CANCEL_ALL);
    io_uring_sqe_set_data64(sqe, Encode(nullptr, kIgnore));
  }
  zombies_.push_back(conn);
}

void EventLoopImpl::SweepZombies() {
  size_t kept = 0;
  for (Connection* conn : zombies_) {
    if (conn->ops_in_flight > 0) {
      zombies_[kept++] = conn;
      continue;
    }
    close(conn->info.fd);
    delete conn;
  }
  zombies_.resize(kept);
}

}  // namespace ringdb::io
