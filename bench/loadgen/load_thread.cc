// The per-thread load loop; see load_thread.h. Everything here runs on the load thread.
#include "bench/loadgen/load_thread.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>

namespace ringdb::loadgen {
namespace {

constexpr uint16_t kBufferGroup = 0;
constexpr size_t kReceiveBufferBytes = 16 * 1024;
// Receive buffers per connection: enough that a multishot receive rarely runs dry
// (-ENOBUFS) between two reaps; past 64 MiB a thread shares what it has (a dry
// receive is simply re-armed).
constexpr unsigned kBuffersPerConnection = 4;
constexpr unsigned kMaxBuffers = 4096;
constexpr unsigned kMinRingEntries = 64;

enum Op : uint64_t { kReceive = 1, kSend = 2 };
uint64_t UserData(uint32_t index, Op op) { return (uint64_t{index} << 8) | op; }

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

std::string Errno(const char* what, int err) { return std::string(what) + ": " + strerror(err); }

}  // namespace

struct LoadThread::Connection {
  Connection(size_t buffer_bytes, size_t stamp_slots)
      : pending(buffer_bytes), sending(buffer_bytes), stamps(stamp_slots) {}
  ~Connection() {
    if (fd >= 0) close(fd);
  }

  uint32_t outstanding() const { return stamps_tail - stamps_head; }
  // The kernel has finished reading `sending` once the server has answered its last
  // request. Sends post no completion when they succeed (one wake-up per pass
  // instead of two), so the replies are what frees the buffer.
  bool sending_busy() const { return static_cast<int32_t>(sending_end - stamps_head) > 0; }

  int fd = -1;
  // Requests accumulate in `pending` while `sending` is on the wire; they swap when
  // every request in `sending` is answered, so a buffer is never written while the
  // kernel may read it. This is redis-benchmark's pipelining: the next batch goes
  // out when the last one is answered.
  std::vector<char> pending;
  std::vector<char> sending;
  size_t pending_bytes = 0;
  size_t sending_bytes = 0;
  size_t sent_bytes = 0;     // of `sending`, reported by short-send completions
  uint32_t sending_end = 0;  // stamps_tail just after the last request in `sending`
  bool receive_armed = false;
  bool dirty = false;
  // Send (closed loop) or intended (open loop) times of the requests awaiting
  // replies, oldest first; replies come back in request order.
  std::vector<int64_t> stamps;  // size is a power of two
  uint32_t stamps_head = 0;
  uint32_t stamps_tail = 0;
  uint32_t mix_position = 0;
  ReplyScanner scanner;
};

LoadThread::LoadThread(const Workload& workload, const Target& target, const ThreadPlan& plan)
    : workload_(workload),
      target_(target),
      plan_(plan),
      keys_(workload.keyspace, workload.zipf_s, plan.seed) {}

LoadThread::~LoadThread() {
  // The kernel may still read send buffers and write receive buffers until the ring
  // is gone; members would otherwise be torn down in the wrong order.
  ring_.Destroy();
  buffers_.Release();
}

bool LoadThread::Fail(std::string message) {
  if (result_.error.empty()) result_.error = std::move(message);
  return false;
}

bool LoadThread::Connect() {
  const size_t buffer_bytes = static_cast<size_t>(plan_.pipeline) * workload_.max_request_bytes;
  const size_t stamp_slots = std::bit_ceil(static_cast<size_t>(plan_.pipeline));
  const auto* address = reinterpret_cast<const sockaddr*>(&target_.address);
  static constexpr char kHello3[] = "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n";
  for (int i = 0; i < plan_.connections; ++i) {
    auto conn = std::make_unique<Connection>(buffer_bytes, stamp_slots);
    conn->fd = socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (conn->fd < 0) return Fail(Errno("socket", errno));
    const int one = 1;
    setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(conn->fd, address, target_.length) != 0) {
      return Fail(Errno(("connect to " + FormatTarget(target_)).c_str(), errno));
    }
    conn->mix_position = static_cast<uint32_t>(i);
    if (plan_.resp3) {
      if (send(conn->fd, kHello3, sizeof(kHello3) - 1, MSG_NOSIGNAL) != sizeof(kHello3) - 1) {
        return Fail(Errno("write HELLO 3", errno));
      }
      ReplyScanner::Counts counts;
      char reply[4096];
      while (counts.replies == 0) {
        const ssize_t n = read(conn->fd, reply, sizeof(reply));
        if (n <= 0) return Fail("the server closed the connection during HELLO 3");
        if (!conn->scanner.Feed(reply, static_cast<size_t>(n), &counts)) {
          return Fail("the reply to HELLO 3 is not RESP");
        }
      }
      if (counts.errors > 0) return Fail("the server refused HELLO 3 (no RESP3 support?)");
    }
    connections_.push_back(std::move(conn));
  }
  return true;
}

bool LoadThread::SetUpRing() {
  const unsigned connections = static_cast<unsigned>(plan_.connections);
  const unsigned entries = std::bit_ceil(std::max(kMinRingEntries, 2 * connections + 8));
  std::string error;
  if (!ring_.Init(entries, /*single_issuer=*/true, &error)) return Fail(error);
  const unsigned buffers =
      std::min(kMaxBuffers, std::bit_ceil(std::max(16u, kBuffersPerConnection * connections)));
  if (!buffers_.Init(ring_.raw(), kBufferGroup, buffers, kReceiveBufferBytes, &error)) {
    return Fail(error);
  }
  return true;
}

void LoadThread::ArmReceive(uint32_t index) {
  Connection& conn = *connections_[index];
  io_uring_sqe* sqe = ring_.GetSqe();
  io_uring_prep_recv_multishot(sqe, conn.fd, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = kBufferGroup;
  io_uring_sqe_set_data64(sqe, UserData(index, kReceive));
  conn.receive_armed = true;
}

void LoadThread::QueueSend(uint32_t index) {
  Connection& conn = *connections_[index];
  io_uring_sqe* sqe = ring_.GetSqe();
  // MSG_WAITALL makes the kernel retry short sends itself; only a failure, or a
  // send cut short by one, posts a completion.
  io_uring_prep_send(sqe, conn.fd, conn.sending.data() + conn.sent_bytes,
                     conn.sending_bytes - conn.sent_bytes, MSG_NOSIGNAL | MSG_WAITALL);
  sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
  io_uring_sqe_set_data64(sqe, UserData(index, kSend));
}

void LoadThread::MarkDirty(uint32_t index) {
  Connection& conn = *connections_[index];
  if (conn.dirty) return;
  conn.dirty = true;
  dirty_.push_back(index);
}

void LoadThread::IssueOne(Connection& conn, int64_t stamp_ns) {
  const std::vector<uint16_t>& mix = workload_.mix;
  const RequestTemplate& tmpl = workload_.templates[mix[conn.mix_position % mix.size()]];
  ++conn.mix_position;
  conn.pending_bytes += WriteRequest(tmpl, keys_.Next(), conn.pending.data() + conn.pending_bytes);
  conn.stamps[conn.stamps_tail++ & (conn.stamps.size() - 1)] = stamp_ns;
  ++result_.sent;
}

bool LoadThread::QuotaIssued() const {
  return plan_.request_quota != 0 && result_.sent >= plan_.request_quota;
}

void LoadThread::IssueClosedLoop(int64_t now_ns) {
  for (uint32_t index : dirty_) {
    Connection& conn = *connections_[index];
    while (conn.outstanding() < static_cast<uint32_t>(plan_.pipeline) && !QuotaIssued()) {
      IssueOne(conn, now_ns);
    }
  }
}

void LoadThread::IssueOpenLoop(int64_t now_ns) {
  uint64_t due = schedule_->DueCount(now_ns);
  if (plan_.request_quota != 0) due = std::min(due, plan_.request_quota);
  const uint32_t count = static_cast<uint32_t>(connections_.size());
  uint32_t full_in_a_row = 0;
  // Round-robin, one request per connection per turn, so load spreads evenly; the
  // requests that find every connection full wait, their latency already running.
  while (scheduled_ < due && full_in_a_row < count) {
    const uint32_t index = open_loop_cursor_;
    open_loop_cursor_ = (open_loop_cursor_ + 1) % count;
    Connection& conn = *connections_[index];
    if (conn.outstanding() >= static_cast<uint32_t>(plan_.pipeline)) {
      ++full_in_a_row;
      continue;
    }
    full_in_a_row = 0;
    IssueOne(conn, schedule_->IntendedNs(scheduled_++));
    MarkDirty(index);
  }
}

void LoadThread::FlushDirty() {
  for (uint32_t index : dirty_) {
    Connection& conn = *connections_[index];
    conn.dirty = false;
    if (!conn.receive_armed) ArmReceive(index);
    if (!conn.sending_busy() && conn.pending_bytes > 0) {
      std::swap(conn.pending, conn.sending);
      conn.sending_bytes = conn.pending_bytes;
      conn.pending_bytes = 0;
      conn.sent_bytes = 0;
      conn.sending_end = conn.stamps_tail;
      QueueSend(index);
    }
  }
  dirty_.clear();
}

bool LoadThread::OnReceive(uint32_t index, int res, uint32_t flags, int64_t now_ns) {
  Connection& conn = *connections_[index];
  if (!(flags & IORING_CQE_F_MORE)) {
    conn.receive_armed = false;
    MarkDirty(index);
  }
  if (res == -ENOBUFS) return true;  // re-armed at the end of the pass
  if (res == 0) return Fail("the server closed a connection");
  if (res < 0) return Fail(Errno("receive", -res));
  const uint16_t buffer_id = static_cast<uint16_t>(flags >> IORING_CQE_BUFFER_SHIFT);
  ReplyScanner::Counts counts;
  const bool ok = conn.scanner.Feed(buffers_.buffer(buffer_id), static_cast<size_t>(res), &counts);
  buffers_.Return(buffer_id);
  if (!ok) return Fail("a reply is not RESP");
  if (counts.replies > conn.outstanding()) return Fail("more replies than requests");
  for (uint64_t i = 0; i < counts.replies; ++i) {
    const int64_t stamp = conn.stamps[conn.stamps_head++ & (conn.stamps.size() - 1)];
    result_.latency.Record(static_cast<uint64_t>(std::max<int64_t>(0, now_ns - stamp)));
  }
  result_.replies += counts.replies;
  result_.errors += counts.errors;
  result_.pushes += counts.pushes;
  const size_t second = static_cast<size_t>(std::max<int64_t>(0, now_ns - start_ns_) / 1000000000);
  result_.replies_per_second[std::min(second, result_.replies_per_second.size() - 1)] +=
      counts.replies;
  if (counts.replies > 0) MarkDirty(index);
  return true;
}

bool LoadThread::OnSend(uint32_t index, int res) {
  Connection& conn = *connections_[index];
  if (res < 0) return Fail(Errno("send", -res));
  // A send cut short (by a signal, say): the rest goes out next.
  conn.sent_bytes += static_cast<size_t>(res);
  if (conn.sent_bytes < conn.sending_bytes) QueueSend(index);
  return true;
}

bool LoadThread::ReapCompletions(int64_t now_ns) {
  io_uring* ring = ring_.raw();
  io_uring_cqe* cqe;
  unsigned head;
  unsigned seen = 0;
  bool ok = true;
  io_uring_for_each_cqe(ring, head, cqe) {
    ++seen;
    if (!ok) continue;
    const uint64_t data = io_uring_cqe_get_data64(cqe);
    const uint32_t index = static_cast<uint32_t>(data >> 8);
    if ((data & 0xff) == kReceive) {
      ok = OnReceive(index, cqe->res, cqe->flags, now_ns);
    } else {
      ok = OnSend(index, cqe->res);
    }
  }
  io_uring_cq_advance(ring, seen);
  live_replies_.store(result_.replies, std::memory_order_relaxed);
  return ok;
}

void LoadThread::WaitForCompletions(int64_t now_ns, int64_t end_ns) {
  int64_t wake_ns = end_ns;
  // Open loop with nothing backlogged: wake for the next entry of the timetable.
  if (schedule_ && !QuotaIssued() && scheduled_ == schedule_->DueCount(now_ns)) {
    wake_ns = std::min(wake_ns, schedule_->IntendedNs(scheduled_));
  }
  const int64_t wait_ns = std::max<int64_t>(0, wake_ns - now_ns);
  __kernel_timespec ts{};
  ts.tv_sec = wait_ns / 1000000000;
  ts.tv_nsec = wait_ns % 1000000000;
  io_uring_cqe* cqe = nullptr;
  // -ETIME and -EINTR both lead back to the loop, which checks the clock.
  io_uring_submit_and_wait_timeout(ring_.raw(), &cqe, 1, &ts, nullptr);
}

void LoadThread::Run(int64_t start_ns, int64_t end_ns) {
  start_ns_ = start_ns;
  result_.replies_per_second.assign(static_cast<size_t>((end_ns - start_ns) / 1000000000) + 1, 0);
  if (!SetUpRing()) {
    result_.stop_ns = NowNs();
    return;
  }
  if (plan_.rate > 0) {
    schedule_.emplace(start_ns, plan_.rate, plan_.phase_ns);
    // The default 50 µs timer slack would make every wake-up for the timetable late
    // by that much, which open-loop latency (rightly) counts.
    prctl(PR_SET_TIMERSLACK, 1);
  }
  for (uint32_t i = 0; i < connections_.size(); ++i) MarkDirty(i);
  int64_t now_ns = NowNs();
  while (true) {
    if (schedule_) {
      IssueOpenLoop(now_ns);
    } else {
      // One timestamp per pass: these requests go out with this pass's one submit.
      IssueClosedLoop(now_ns);
    }
    FlushDirty();
    WaitForCompletions(now_ns, end_ns);
    now_ns = NowNs();
    if (!ReapCompletions(now_ns)) break;
    if (now_ns >= end_ns) break;
    if (QuotaIssued() && result_.replies >= result_.sent) break;
  }
  result_.stop_ns = std::min(now_ns, end_ns);
}

}  // namespace ringdb::loadgen
